/// A host object that a `for` loop walks one element at a time, with the object in charge of the
/// walk: it can act before and after each step (a progress display) and when the loop ends early.
///
/// `for` prefers this over `elements()`; everything else that wants a list (`list(x)`, `len`) still
/// uses `elements()`, so a conforming type implements both.
public protocol SteppedIterable: ScriptObject {
    /// Calls `body` with each element in order until it returns false (a `break` or `return` in the
    /// loop) or throws; the error must reach the caller unchanged.
    func forEachStep(_ body: (Value) throws -> Bool) throws
}
