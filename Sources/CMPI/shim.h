#include <stddef.h>
#include <mpi.h>

// MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …) are macros over implementation globals that Swift
// cannot import, and they differ between Open MPI (pointers) and MPICH (integers). These wrappers name
// them by small integer codes instead, so the Swift side compiles unchanged against either library.

/// Element types, by code: 0 float, 1 double, 2 int64, 3 int32, 4 int16, 5 int8, 6 uint8, 7 bool, 8 bytes.
static inline MPI_Datatype soma_mpi_type(int code) {
    switch (code) {
    case 0: return MPI_FLOAT;
    case 1: return MPI_DOUBLE;
    case 2: return MPI_INT64_T;
    case 3: return MPI_INT32_T;
    case 4: return MPI_INT16_T;
    case 5: return MPI_INT8_T;
    case 6: return MPI_UINT8_T;
    case 7: return MPI_C_BOOL;
    default: return MPI_BYTE;
    }
}

/// Reductions, by code: 0 sum, 1 max, 2 min, 3 product, 4 logical or, 5 logical and.
static inline MPI_Op soma_mpi_op(int code) {
    switch (code) {
    case 1: return MPI_MAX;
    case 2: return MPI_MIN;
    case 3: return MPI_PROD;
    case 4: return MPI_LOR;
    case 5: return MPI_LAND;
    default: return MPI_SUM;
    }
}

/// Starts MPI for a process whose only caller of MPI is its main thread, and makes errors return codes
/// (the default aborts the job) so that each can be reported with what was asked.
static inline int soma_mpi_init(void) {
    int provided = 0;
    int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    if (rc == MPI_SUCCESS) MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    return rc;
}

static inline int soma_mpi_finalize(void) { return MPI_Finalize(); }

static inline int soma_mpi_is_initialized(void) {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag;
}

static inline int soma_mpi_is_finalized(void) {
    int flag = 0;
    MPI_Finalized(&flag);
    return flag;
}

static inline int soma_mpi_rank(void) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

static inline int soma_mpi_size(void) {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

static inline void soma_mpi_abort(int status) { MPI_Abort(MPI_COMM_WORLD, status); }

static inline int soma_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

/// Reduces `count` elements of type `type` across every process, in place in `buffer`.
static inline int soma_mpi_allreduce(void *buffer, int count, int type, int op) {
    return MPI_Allreduce(MPI_IN_PLACE, buffer, count, soma_mpi_type(type), soma_mpi_op(op), MPI_COMM_WORLD);
}

/// Copies `bytes` bytes of `buffer` on process `root` into `buffer` on every other process.
static inline int soma_mpi_broadcast(void *buffer, int bytes, int root) {
    return MPI_Bcast(buffer, bytes, MPI_BYTE, root, MPI_COMM_WORLD);
}

/// Gathers `bytes` bytes from every process into `received`, in rank order, on every process.
static inline int soma_mpi_allgather(const void *sent, int bytes, void *received) {
    return MPI_Allgather(sent, bytes, MPI_BYTE, received, bytes, MPI_BYTE, MPI_COMM_WORLD);
}

/// The library's text for an error code, in `text` (at least MPI_MAX_ERROR_STRING bytes).
static inline void soma_mpi_error_text(int code, char *text) {
    int length = 0;
    MPI_Error_string(code, text, &length);
    text[length < MPI_MAX_ERROR_STRING ? length : MPI_MAX_ERROR_STRING - 1] = 0;
}

/// The library's name and version, as MPI_Get_library_version gives it.
static inline void soma_mpi_library(char *text) {
    int length = 0;
    MPI_Get_library_version(text, &length);
    text[length < MPI_MAX_LIBRARY_VERSION_STRING ? length : MPI_MAX_LIBRARY_VERSION_STRING - 1] = 0;
}

static const int soma_mpi_max_error_text = MPI_MAX_ERROR_STRING;
static const int soma_mpi_max_library_text = MPI_MAX_LIBRARY_VERSION_STRING;
