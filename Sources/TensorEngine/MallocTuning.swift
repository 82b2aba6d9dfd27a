#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed tensor memory in the process instead of handing it back to the kernel after every op.
///
/// glibc's malloc trims the top of its heap as soon as more than a threshold (a few hundred KiB by its
/// dynamic rule) is free, and a training step frees most of what it allocated; the next step then pays a
/// page fault and a zeroed page for every 4 KiB again. For an LSTM step this was a third of the time.
/// These settings keep up to 128 MiB of free heap (plus 16 MiB of padding per growth) and serve blocks
/// below 32 MiB from the heap; larger tensors still get their own mapping and are returned at once.
enum MallocTuning {
    /// Evaluated once, on first use; reading it applies the settings (a no-op outside glibc).
    static let applied: Bool = {
        #if canImport(Glibc)
        // `mallopt` lives in <malloc.h>, which the Glibc module does not export; look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // M_MMAP_THRESHOLD = -3, M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2 (glibc's malloc.h).
        _ = mallopt(-3, 32 << 20)
        _ = mallopt(-1, 128 << 20)
        _ = mallopt(-2, 16 << 20)
        return true
        #else
        return false
        #endif
    }()
}
