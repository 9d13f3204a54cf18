/// Finds many keywords at once in UTF-8 text: an Aho–Corasick automaton compiled to a byte-level
/// DFA, so the text is read once whatever the number of keywords (not one pass per keyword).
///
/// Matching is case-insensitive: ASCII letters fold directly; for non-ASCII letters the keyword's
/// simple upper- and lower-case forms are both compiled in (up to four such letters per keyword).
/// Offsets are UTF-8 byte offsets into the text, end exclusive; callers convert them to code
/// points where needed.
public struct KeywordMatcher: Sendable {
    /// One occurrence of a keyword.
    public struct Match: Sendable, Hashable {
        /// Index of the keyword in the list the matcher was built from.
        public var keyword: Int
        /// UTF-8 byte offsets, end exclusive.
        public var start: Int
        public var end: Int

        public init(keyword: Int, start: Int, end: Int) {
            self.keyword = keyword
            self.start = start
            self.end = end
        }
    }

    /// The keywords as given.
    public let keywords: [String]
    private let transitions: [Int32]
    /// Per state: the keyword ids that end here (through dictionary-suffix links), flattened.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    private let lengths: [Int32]
    private static let fold: [UInt8] = (0...255).map { byte in
        (65...90).contains(byte) ? UInt8(byte + 32) : UInt8(byte)
    }

    /// Compiles `keywords` (empty ones are ignored).
    public init(keywords: [String]) {
        self.keywords = keywords
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var terminal: [[Int32]] = [[]]
        var variantLengths: [Int32] = []
        variantLengths.reserveCapacity(keywords.count)
        for (id, keyword) in keywords.enumerated() {
            var longest = 0
            for variant in Self.caseVariants(of: keyword) {
                let bytes = Array(variant.utf8).map { Self.fold[Int($0)] }
                guard !bytes.isEmpty else { continue }
                longest = max(longest, bytes.count)
                var state = 0
                for byte in bytes {
                    if goto[state][Int(byte)] < 0 {
                        goto[state][Int(byte)] = Int32(goto.count)
                        goto.append(Array(repeating: -1, count: 256))
                        terminal.append([])
                    }
                    state = Int(goto[state][Int(byte)])
                }
                if !terminal[state].contains(Int32(id)) { terminal[state].append(Int32(id)) }
            }
            variantLengths.append(Int32(longest))
        }
        // Breadth-first: failure links, then a full DFA table and merged outputs.
        let count = goto.count
        var failure = [Int](repeating: 0, count: count)
        var table = [Int32](repeating: 0, count: count * 256)
        var merged = terminal
        var queue: [Int] = []
        for byte in 0..<256 {
            let next = goto[0][byte]
            if next >= 0 {
                table[byte] = next
                queue.append(Int(next))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            merged[state] += merged[failure[state]].filter { !merged[state].contains($0) }
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next >= 0 {
                    failure[Int(next)] = Int(table[failure[state] * 256 + byte])
                    table[state * 256 + byte] = next
                    queue.append(Int(next))
                } else {
                    table[state * 256 + byte] = table[failure[state] * 256 + byte]
                }
            }
        }
        var starts: [Int32] = []
        var flat: [Int32] = []
        for outputs in merged {
            starts.append(Int32(flat.count))
            flat += outputs
        }
        starts.append(Int32(flat.count))
        transitions = table
        outputStart = starts
        outputs = flat
        lengths = variantLengths
    }

    /// The number of automaton states (for diagnostics).
    public var stateCount: Int { outputStart.count - 1 }

    /// Every occurrence of every keyword, overlapping ones included, in order of end offset.
    public func allMatches(in text: String) -> [Match] {
        var text = text
        return text.withUTF8 { allMatches(in: $0) }
    }

    /// Every occurrence of every keyword in UTF-8 bytes, overlapping ones included.
    public func allMatches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var matches: [Match] = []
        transitions.withUnsafeBufferPointer { table in
            outputStart.withUnsafeBufferPointer { starts in
                Self.fold.withUnsafeBufferPointer { fold in
                    var state = 0
                    for index in 0..<bytes.count {
                        state = Int(table[state &* 256 &+ Int(fold[Int(bytes[index])])])
                        let first = Int(starts[state]), last = Int(starts[state + 1])
                        if first != last {
                            for output in first..<last {
                                let keyword = Int(outputs[output])
                                // The byte length of the variant that ended here: folding keeps lengths,
                                // and all variants of a keyword have the same length in practice.
                                let length = Int(lengths[keyword])
                                matches.append(Match(keyword: keyword, start: index + 1 - length, end: index + 1))
                            }
                        }
                    }
                }
            }
        }
        return matches
    }

    /// Non-overlapping matches, leftmost-first: at the leftmost position where any keyword matches,
    /// the keyword listed first wins, and the search resumes after it (the semantics of
    /// `rg -F -o -f KEYWORDS` and of a regular-expression alternation).
    public func leftmostFirstMatches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var chosen: [Match] = []
        forEachLeftmostFirstMatch(in: bytes) { chosen.append($0) }
        return chosen
    }

    /// Calls `body` with each leftmost-first match in order, in one streaming pass: the best match
    /// starting at each position is settled once no keyword could still be found starting there.
    public func forEachLeftmostFirstMatch(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        var window = 1
        while window <= Int(lengths.max() ?? 0) { window <<= 1 }
        let mask = window - 1
        let slotKeyword = UnsafeMutablePointer<Int32>.allocate(capacity: window)
        let slotEnd = UnsafeMutablePointer<Int>.allocate(capacity: window)
        slotKeyword.initialize(repeating: -1, count: window)
        slotEnd.initialize(repeating: 0, count: window)
        defer {
            slotKeyword.deallocate()
            slotEnd.deallocate()
        }
        var resume = 0
        /// Settles the matches starting at `position`: every later match starts further right.
        @inline(__always) func settle(_ position: Int) {
            let slot = position & mask
            let keyword = slotKeyword[slot]
            guard keyword >= 0 else { return }
            slotKeyword[slot] = -1
            if position >= resume {
                body(Match(keyword: Int(keyword), start: position, end: slotEnd[slot]))
                resume = slotEnd[slot]
            }
        }
        transitions.withUnsafeBufferPointer { table in
            outputStart.withUnsafeBufferPointer { starts in
                outputs.withUnsafeBufferPointer { outputs in
                    lengths.withUnsafeBufferPointer { lengths in
                        Self.fold.withUnsafeBufferPointer { fold in
                            var state = 0
                            for index in 0..<bytes.count {
                                state = Int(table[state &* 256 &+ Int(fold[Int(bytes[index])])])
                                let first = Int(starts[state]), last = Int(starts[state &+ 1])
                                if first != last {
                                    for output in first..<last {
                                        let keyword = outputs[output]
                                        let start = index &+ 1 &- Int(lengths[Int(keyword)])
                                        guard start >= resume else { continue }
                                        let slot = start & mask
                                        if slotKeyword[slot] < 0 || keyword < slotKeyword[slot] {
                                            slotKeyword[slot] = keyword
                                            slotEnd[slot] = index &+ 1
                                        }
                                    }
                                }
                                let settled = index &+ 1 &- window
                                if settled >= 0 { settle(settled) }
                            }
                        }
                    }
                }
            }
        }
        for position in max(0, bytes.count + 1 - window)..<bytes.count { settle(position) }
    }

    /// The keyword as given plus forms with its non-ASCII letters in the other case.
    static func caseVariants(of keyword: String) -> [String] {
        var variants: [[Unicode.Scalar]] = [[]]
        var flexible = 0
        for scalar in keyword.unicodeScalars {
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            let upper = scalar.properties.uppercaseMapping.unicodeScalars
            var forms: [Unicode.Scalar] = [scalar]
            if !scalar.isASCII && flexible < 4 {
                for form in [lower, upper] where form.count == 1 {
                    let candidate = form.first!
                    if String(candidate).utf8.count == String(scalar).utf8.count && !forms.contains(candidate) {
                        forms.append(candidate)
                    }
                }
                if forms.count > 1 { flexible += 1 }
            }
            variants = variants.flatMap { prefix in forms.map { prefix + [$0] } }
        }
        return variants.map { scalars in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
    }
}
