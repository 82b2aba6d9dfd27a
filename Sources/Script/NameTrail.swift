/// Every local name a program declares, each linked to the name declared before it in sight, so the
/// names visible at any point are one index into the trail (a persistent list in two arrays).
///
/// A node that may report a misspelled name keeps only that index: recording the visible names by
/// copying them would cost time and memory in proportion to their number at every use.
final class NameTrail {
    private var names: [String] = []
    private var previous: [Int] = []
    /// The newest name in sight; -1 when none is.
    var head = -1

    /// Declares `name`, in sight until `head` is set back before it.
    func push(_ name: String) {
        names.append(name)
        previous.append(head)
        head = names.count - 1
    }

    /// The names in sight when `newest` was the head, newest first.
    func names(from newest: Int) -> [String] {
        var out: [String] = []
        var i = newest
        while i >= 0 {
            out.append(names[i])
            i = previous[i]
        }
        return out
    }
}

/// The local names in sight where a node was compiled.
struct VisibleNames {
    let trail: NameTrail?
    let newest: Int

    var names: [String] { trail?.names(from: newest) ?? [] }
}
