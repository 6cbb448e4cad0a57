import ArgumentParser
import PolicyEval

/// `check --format json`: the report written to standard output as it is made, in chunks
/// (`ReportJSON.write`), never held whole as text; then the command's exit status. A failed
/// write is said on stderr and exits 3, as any other output's (`Output.fail`).
func streamJSON(_ report: Report) throws -> Never {
    do {
        try ReportJSON.write(report) { (chunk) throws(WriteFailure) in
            if let e = Output.write(chunk, to: 1) { throw WriteFailure(code: e) }
        }
    } catch {
        Output.fail(error.code, "standard output")
    }
    throw ExitCode(CheckCommand.exitCode(report))
}

struct WriteFailure: Error { var code: Int32 }
