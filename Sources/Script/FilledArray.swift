extension Array {
    /// `count` copies of `value`, as `Array(repeating:count:)` makes them, for arrays made on every call.
    ///
    /// `Array(repeating:count:)` allocates through a standard-library function that is never
    /// specialized: for an element type of this module (a `Value`) it looks the storage's type up in the
    /// runtime's generic metadata cache on each call, which costs more than a short function call does.
    /// Reserving capacity takes the specialized growth path instead.
    @inline(__always) static func filled(_ value: Element, count: Int) -> [Element] {
        var items: [Element] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(value) }
        return items
    }
}
