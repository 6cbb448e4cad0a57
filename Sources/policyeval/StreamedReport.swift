import PolicyEval

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `check --format text` and `--format json`: the report written to standard output as it is
/// made, in chunks (`ReportText.write`, `ReportJSON.write`), never held whole as text; then
/// the process exits with the command's status (`exit`: nothing is freed first). A failed
/// write is said on stderr and exits 3, as any other output's (`Output.fail`). A text chunk
/// is made terminal-safe as `Output.finish` makes a whole output (chunks end between lines,
/// so it is the same): the last line of defence.
func streamReport(_ report: Report, json: Bool) -> Never {
    do {
        if json {
            try ReportJSON.write(report) { (chunk) throws(WriteFailure) in
                if let e = Output.write(chunk, to: 1) { throw WriteFailure(code: e) }
            }
        } else {
            try ReportText.write(report) { (chunk) throws(WriteFailure) in
                let e: Int32?
                if Shown.needsTerminalEscape(chunk) {
                    e = Output.write(Shown.terminalSafe(String(decoding: chunk, as: UTF8.self)), to: 1)
                } else {
                    e = Output.write(chunk, to: 1)
                }
                if let e { throw WriteFailure(code: e) }
            }
        }
    } catch {
        Output.fail(error.code, "standard output")
    }
    exit(CheckCommand.exitCode(report))
}

struct WriteFailure: Error { var code: Int32 }
