#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyEval

/// `check`: the report written to standard output as it is made, in chunks
/// (`ReportJSON.write`, `ReportText.write`), never held whole as text; then the command's exit status.
func streamReport(_ report: Report, format: OutputFormat) throws -> Never {
    do {
        switch format {
        case .json: try ReportJSON.write(report) { (chunk) throws(WriteFailure) in try writeAll(chunk, to: 1) }
        case .text: try ReportText.write(report) { (chunk) throws(WriteFailure) in try writeAll(chunk, to: 1) }
        }
    } catch {
        let message = "error: cannot write the report: \(String(cString: strerror(error.code)))\n"
        _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        throw ExitCode(2)
    }
    throw ExitCode(CheckCommand.exitCode(report))
}

struct WriteFailure: Error { var code: Int32 }

/// Every byte of `chunk` to `fd`, however many calls it takes.
private func writeAll(_ chunk: UnsafeRawBufferPointer, to fd: Int32) throws(WriteFailure) {
    var done = 0
    while done < chunk.count {
        let n = write(fd, chunk.baseAddress! + done, chunk.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            throw WriteFailure(code: errno)
        }
        done += n
    }
}
