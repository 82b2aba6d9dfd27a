/// `linalg`: the namespace of linear-algebra functions (`linalg.solve(A, B)`, …).
extension Library {
    static func linearAlgebra() -> Library {
        var lib = Library()
        lib.define("linalg", .object(LinalgValue()))
        return lib
    }
}
