import PolicyEval

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Standard output and error written with checked system calls. FileHandle's `write`
/// traps (SIGILL) when a write fails: a full disk, a closed descriptor, a reader gone.
/// Here a failed write of the report is a message on stderr (when stderr still works)
/// and exit status 3, never a crash and never a silently short report.
enum Output {
    /// The exit status when the output could not be written.
    static let failedWrite: Int32 = 3

    /// Run first: a closed standard output or error would otherwise be reused by the next
    /// file opened, and the report written into it. Each closed one is taken by /dev/null,
    /// opened for reading only, so that writing to it fails (EBADF) as a closed one does.
    static func guardStandardDescriptors() {
        for fd: Int32 in [1, 2] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let n = open("/dev/null", O_RDONLY)
            if n >= 0, n != fd {
                _ = dup2(n, fd)
                _ = close(n)
            }
        }
    }

    /// Writes every byte of `text` to `fd`, retrying after signals (EINTR), partial writes
    /// and a non-blocking descriptor that is full (EAGAIN). Returns errno on failure.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0), to: fd) }
    }

    /// The same for bytes already made (a report written as a stream).
    static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(fd, p, min(left, 1 << 30))
            if n > 0 {
                p += n
                left -= n
                continue
            }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, -1)
                continue
            }
            return n < 0 ? errno : EIO
        }
        return nil
    }

    /// Writes a command's output; on a failed write, says so on stderr and exits 3. Both are
    /// made terminal-safe first (`Shown.terminalSafe`): every value in them was escaped when
    /// put in, and this keeps any that was missed from acting on the reader's terminal.
    static func finish(stdout: String, stderr: String, status: Int32) -> Never {
        let stdout = Shown.terminalSafe(stdout), stderr = Shown.terminalSafe(stderr)
        if let e = write(stdout, to: 1) { fail(e, "standard output") }
        // Diagnostics still go out when the report did; a failure here is reported the same way.
        if let e = write(stderr, to: 2) { fail(e, "standard error") }
        exit(status)
    }

    static func fail(_ error: Int32, _ what: String) -> Never {
        let reason: String
        switch error {
        case EBADF: reason = "it is closed"
        case EPIPE: reason = "the reader closed the pipe"
        case ENOSPC: reason = "no space left on the device"
        default: reason = String(cString: strerror(error))
        }
        // Best effort: stderr may be the thing that failed.
        _ = write("error: cannot write to \(what): \(reason); the output is incomplete\n", to: 2)
        exit(failedWrite)
    }
}
