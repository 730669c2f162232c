/// One element of a parsed Query API response: its local name, its own text and its children.
///
/// AWS Query responses use no attributes that matter and no mixed content, so an element keeps
/// only the character data directly inside it (entities already decoded) and its child elements
/// in document order. Namespace prefixes are dropped from names.
package struct XMLElementNode: Sendable, Equatable {
    /// The element's name without a namespace prefix.
    package var name: String
    /// The character data directly inside the element, entities decoded, not trimmed.
    package var text: String
    /// The child elements in document order.
    package var children: [XMLElementNode]

    /// Creates an element; used by the parser and by tests.
    package init(name: String, text: String = "", children: [XMLElementNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child with that name, or `nil`.
    package func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// The text of the first child with that name, or `nil` when there is no such child.
    package func childText(_ name: String) -> String? {
        child(name)?.text
    }

    /// The `member` children of the child with that name: the Query protocol's list encoding.
    ///
    /// A missing list element reads as an empty list, as AWS omits empty lists in some shapes.
    package func members(of name: String) -> [XMLElementNode] {
        child(name)?.children.filter { $0.name == "member" } ?? []
    }

    /// The first element with that name in a depth-first walk of this element and its
    /// descendants, or `nil`.
    package func firstDescendant(_ name: String) -> XMLElementNode? {
        var pending: [XMLElementNode] = [self]
        while let next = pending.popLast() {
            if next.name == name {
                return next
            }
            pending.append(contentsOf: next.children.reversed())
        }
        return nil
    }
}
