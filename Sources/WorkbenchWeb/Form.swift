import Foundation
import Hummingbird
import MultipartKit
import WorkbenchCore

/// What a form sent: its fields (URL-encoded or multipart) and, from a multipart form, its files.
struct Form: Sendable {
    /// An uploaded file: the name the browser gave (its last path component only) and its bytes.
    struct File: Sendable {
        var name: String
        var data: ByteBuffer
    }

    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [String: [File]] = [:]

    /// The form of a request whose body has been read.
    init(_ request: Request, body: ByteBuffer) throws {
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.parameter("boundary", in: type) else {
                throw HTTPError(.badRequest, message: "The upload has no multipart boundary.")
            }
            try self.init(multipart: body, boundary: boundary)
        } else {
            self.init(urlEncoded: String(buffer: body))
        }
    }

    /// An `application/x-www-form-urlencoded` body (or query).
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0], default: []].append(parts.count > 1 ? parts[1] : "")
        }
    }

    /// A `multipart/form-data` body, parsed by MultipartKit.
    init(multipart body: ByteBuffer, boundary: String) throws {
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { current.writeBuffer(&$0) }
        parser.onPartComplete = {
            parts.append((headers, current))
            headers = []
            current = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw HTTPError(.badRequest, message: "The upload could not be read as a form (\(error)).")
        }
        for part in parts {
            let disposition = part.headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            if let filename = Self.parameter("filename", in: disposition) {
                let base = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                guard !base.isEmpty else { continue }
                files[name, default: []].append(File(name: base, data: part.body))
            } else {
                fields[name, default: []].append(String(buffer: part.body))
            }
        }
    }

    /// The first value of a field, if sent.
    subscript(_ name: String) -> String? { fields[name]?.first }

    /// Every value of a field (checkboxes, multiple selects), in order.
    func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// A field's value with surrounding spaces removed, nil when empty or missing.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A field that must be filled in.
    func required(_ name: String, _ what: String) throws -> String {
        guard let value = text(name) else { throw WorkbenchError("\(what) is missing", code: .missingValue, field: name) }
        return value
    }

    /// A whole number field (nil when empty).
    func int(_ name: String) throws -> Int? {
        guard let value = text(name) else { return nil }
        guard let number = Int(value) else {
            throw WorkbenchError("'\(value)' is not a whole number", field: name, value: value)
        }
        return number
    }

    /// A `key=value` parameter of a header value such as `form-data; name="file"; filename="a;b.txt"`
    /// (a quoted value may hold `;` and escaped quotes).
    static func parameter(_ key: String, in header: String) -> String? {
        var pieces: [String] = []
        var piece = "", quoted = false, escaped = false
        for character in header {
            if escaped { piece.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle()
            case ";" where !quoted: pieces.append(piece); piece = ""
            default: piece.append(character)
            }
        }
        pieces.append(piece)
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key { return pair[1] }
        }
        return nil
    }
}
