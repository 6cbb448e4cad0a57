import Foundation

/// Reads YAML files into position-carrying node trees, refusing tags, anchors,
/// aliases, several documents, invalid UTF-8 and anything over the limits.
public enum YAMLLoader {
    /// Reads a file; its size is checked before a byte is read.
    public static func load(path: String, limits: YAMLLimits = .default) throws(YAMLError) -> (SourceFile, YAMLNode?) {
        let origin = SourceLocation(file: path, line: 1, column: 1)
        // stat, not lstat: the size of what a symbolic link leads to.
        var st = stat()
        guard stat(path, &st) == 0 else {
            let reason: String
            switch errno {
            case ENOENT: reason = "no such file or folder"
            case ELOOP: reason = "a loop of symbolic links (a link that leads back to itself)"
            case EACCES: reason = "permission denied"
            default: reason = String(cString: strerror(errno))
            }
            throw YAMLError(.unreadable, "cannot read \(path): \(reason)", at: origin)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw YAMLError(.unreadable, "cannot read \(path): it is a folder", at: origin) }
        let size = Int(st.st_size)
        if size > limits.maxBytes { throw tooLarge(size, limits, origin) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLError(.unreadable, "cannot read \(path)", at: origin)
        }
        return try parse(Array(data), file: path, limits: limits)
    }

    public static func parse(_ text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError) -> (SourceFile, YAMLNode?) {
        try parse(Array(text.utf8), file: file, limits: limits)
    }

    public static func parse(_ input: [UInt8], file: String, limits: YAMLLimits = .default) throws(YAMLError) -> (SourceFile, YAMLNode?) {
        try parse(input, file: file, limits: limits, plainReader: true)
    }

    /// `plainReader: false` reads through libyaml alone (for comparing the two).
    static func parse(_ input: [UInt8], file: String, limits: YAMLLimits, plainReader: Bool) throws(YAMLError) -> (SourceFile, YAMLNode?) {
        let origin = SourceLocation(file: file, line: 1, column: 1)
        if input.count > limits.maxBytes { throw tooLarge(input.count, limits, origin) }
        // A byte-order mark (some Windows editors write one) is not part of the text: columns count from after it.
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        try checkUTF8(bytes, file: file)
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = SourceLines(text)
        // The plain layout of the shipped files is read directly; anything else goes to libyaml.
        if plainReader, let root = PlainYAML.read(bytes, file: file, limits: limits, lines: lines) {
            return (SourceFile(path: file, text: text, starts: lines.starts), root)
        }
        let parser = EventParser(bytes: bytes, file: file)
        var builder = TreeBuilder(parser: parser, file: file, limits: limits, lines: lines)
        let root = try builder.document()
        return (SourceFile(path: file, text: text, starts: lines.starts), root)
    }

    private static func tooLarge(_ size: Int, _ limits: YAMLLimits, _ at: SourceLocation) -> YAMLError {
        YAMLError(.tooLarge, "the file is \(size) bytes; rule files are limited to \(limits.maxBytes) bytes", at: at)
    }

    /// libyaml's own message for bad UTF-8 has no useful position; find the byte ourselves.
    static func checkUTF8(_ bytes: [UInt8], file: String) throws(YAMLError) {
        // Most of a rule file is ASCII: eight bytes at a time, lines and columns counted
        // only when there is a bad byte to place.
        let valid = bytes.withUnsafeBytes { raw -> Bool in
            let n = raw.count
            var i = 0
            while i < n {
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let w = width(raw, at: i)
                if w == 0 { return false }
                i += w
            }
            return true
        }
        if valid { return }
        var line = 1, column = 1, i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let width = bytes.withUnsafeBytes { raw -> Int in YAMLLoader.width(raw, at: i) }
            guard width > 0 else {
                throw YAMLError(.invalidUTF8, String(format: "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", b),
                                at: SourceLocation(file: file, line: line, column: column))
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += width
        }
    }

    /// The length of the well-formed UTF-8 character at `i`, or 0 when it is not one.
    private static func width(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let n = bytes.count
        let b = bytes[i]
        var width = 0
        if b < 0x80 { width = 1 } else if b & 0xE0 == 0xC0, b >= 0xC2 { width = 2 } else if b & 0xF0 == 0xE0 { width = 3 } else if b & 0xF8 == 0xF0, b <= 0xF4 { width = 4 }
        var ok = width > 0 && i + width <= n
        if ok, width > 1 {
            for k in 1..<width where bytes[i + k] & 0xC0 != 0x80 { ok = false }
            if ok, width == 3 {
                let c1 = bytes[i + 1]
                if (b == 0xE0 && c1 < 0xA0) || (b == 0xED && c1 >= 0xA0) { ok = false }
            }
            if ok, width == 4 {
                let c1 = bytes[i + 1]
                if (b == 0xF0 && c1 < 0x90) || (b == 0xF4 && c1 >= 0x90) { ok = false }
            }
        }
        return ok ? width : 0
    }
}
