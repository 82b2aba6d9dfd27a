/// Compiling unpacking patterns and list comprehensions.
extension Compiler {
    /// Declares the names of `pattern` here (globals at the top of a program, locals elsewhere),
    /// returning where each unpacked value goes.
    func declare(_ pattern: Pattern, constant: Bool) -> PatternTarget {
        var seen = Set<String>()
        checkDistinct(pattern, &seen)
        return target(pattern, constant: constant)
    }

    private func target(_ pattern: Pattern, constant: Bool) -> PatternTarget {
        switch pattern {
        case .name("_", _):
            return .skip
        case .name(let name, let location):
            if declaresGlobal {
                newConstants[name] = constant
                return .global(nodeGlobals, slot: globals.slot(name), constant: constant)
            }
            return .local(localNode(context.declare(name, constant: constant), location))
        case .list(let items, let location):
            return .list(items.map { target($0, constant: constant) }, location)
        }
    }

    private func checkDistinct(_ pattern: Pattern, _ seen: inout Set<String>) {
        switch pattern {
        case .name(let name, let location):
            if name != "_" && !seen.insert(name).inserted { error("'\(name)' appears twice in the unpacking pattern", location) }
        case .list(let items, _):
            for item in items { checkDistinct(item, &seen) }
        }
    }

    /// The targets of `[a, b] = value`: each item of the list is assigned in turn; `_` drops its value.
    func assignmentTarget(_ e: Expr) -> PatternTarget? {
        switch e.kind {
        case .identifier("_"):
            return .skip
        case .list(let items):
            let targets = items.compactMap(assignmentTarget)
            return targets.count == items.count ? .list(targets, e.location) : nil
        default:
            return assignable(e).map { .assign($0) }
        }
    }

    /// `[element for pattern in items if condition …]`: the patterns' names live only inside the
    /// brackets, each clause seeing those of the clauses before it.
    func comprehension(_ element: Expr, _ clauses: [ComprehensionClause], _ location: SourceLocation) -> Node {
        let mark = enterScope()
        defer { leaveScope(mark) }
        let loops = clauses.map { clause in
            let source = expression(clause.items)
            return ComprehensionNode.Loop(target: declare(clause.pattern, constant: false), items: source,
                                          condition: clause.condition.map(expression))
        }
        return ComprehensionNode(loops, expression(element), location)
    }
}
