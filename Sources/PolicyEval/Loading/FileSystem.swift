import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif

/// Why a file could not be read: the path and what is wrong, in words.
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    /// True when the file was refused for its size, before or while reading it.
    public var tooLarge = false
    public var description: String { "\(path): \(message)" }
}

/// Reading input files with checked system calls: sizes are checked by `stat` before a
/// byte is read, pipes (`/dev/stdin`) are read to their end within the same limit, and
/// each failure is named (a loop of symbolic links is not "no such file").
enum FileSystem {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// What is wrong with a path that cannot be opened, in words; nil when `stat` succeeds.
    static func problem(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) != 0 else { return nil }
        return words(errno)
    }

    static func words(_ error: Int32) -> String {
        switch error {
        case ENOENT: "no such file or folder"
        case ELOOP: "a loop of symbolic links (a link that leads back to itself)"
        case EACCES: "permission denied"
        case ENOTDIR: "a part of the path is not a folder"
        case ENAMETOOLONG: "the path is too long"
        default: String(cString: strerror(error))
        }
    }

    /// The size of a regular file by `stat`, without reading it; nil for anything else.
    static func regularFileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// A whole file, refused when over `limit` bytes: a regular file by its size before
    /// reading, a pipe or device by counting as it is read (reading stops at the limit).
    /// `what` names the kind of file in the message ("incident files").
    static func read(_ path: String, limit: Int, what: String) -> Result<[UInt8], FileProblem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(FileProblem(path: path, message: "cannot read: \(words(errno))")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(FileProblem(path: path, message: "cannot read: \(words(errno))")) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            return .failure(FileProblem(path: path, message: "is a folder, not a file"))
        }
        func tooLarge(_ size: String) -> FileProblem {
            FileProblem(path: path, message: "the file is \(size); \(what) are limited to \(describe(limit)) (\(limit) bytes)", tooLarge: true)
        }
        let regular = (st.st_mode & S_IFMT) == S_IFREG
        if regular, st.st_size > limit { return .failure(tooLarge("\(st.st_size) bytes")) }
        // A regular file is read at its size, into memory not zeroed first (zeroing took a pass
        // over every byte); anything else, or a file that grew, in chunks, to the limit and one
        // byte past it.
        var count = 0
        var failed: Int32 = 0
        var bytes: [UInt8]
        if regular {
            let size = Int(st.st_size) + 1
            bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while count < size {
                    let n = systemRead(fd, buffer.baseAddress! + count, size - count)
                    if n > 0 { count += n; continue }
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failed = errno }
                    break
                }
                initialized = count
            }
            if failed != 0 { return .failure(FileProblem(path: path, message: "cannot read: \(words(failed))")) }
            if count < size { return .success(bytes) }  // (else it grew: read on, below)
        } else {
            bytes = [UInt8](repeating: 0, count: min(limit + 1, 1 << 20))
        }
        while true {
            if count == bytes.count {
                if count > limit { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 1 << 16), limit + 1 - count)))
            }
            let n = bytes.withUnsafeMutableBufferPointer { buffer in
                systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n > 0 { count += n; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            return .failure(FileProblem(path: path, message: "cannot read: \(words(errno))"))
        }
        if count > limit { return .failure(tooLarge("more than \(describe(limit))")) }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// At most the first `count` bytes of a file (fewer when it is shorter); nil when it cannot be read.
    static func head(_ path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBufferPointer { systemRead(fd, $0.baseAddress! + got, count - got) }
            if n > 0 { got += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            break
        }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// "256 MiB", "2 MiB", "512 KiB".
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
