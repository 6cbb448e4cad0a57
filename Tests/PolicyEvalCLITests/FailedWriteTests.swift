import Foundation
import Testing

/// A report that cannot be written is an error, never a crash: a message on stderr
/// and exit status 3.
@Suite struct FailedWriteTests {
    @Test func fullDisk() throws {
        let r = try CLI.shell(#""$0" check Examples/bcp-medium-risk-overnight.json --as-of 2026-03-20T09:00:00Z > /dev/full"#)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr == "error: cannot write to standard output: no space left on the device; the output is incomplete\n")
    }

    @Test func closedStdout() throws {
        let r = try CLI.shell(#""$0" validate Policies >&-"#)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write to standard output: it is closed"))
        // Help text too.
        #expect(try CLI.shell(#""$0" --help >&-"#).status == 3)
    }

    @Test func closedStderrStillExitsCleanly() throws {
        // The message cannot be written anywhere; the exit status still says so.
        let r = try CLI.shell(#""$0" check no-such-file.json 2>&- >/dev/full"#)
        #expect(r.status == 3)
        let bad = try CLI.shell(#""$0" check no-such-file.json 2>&-"#)
        #expect(bad.status == 3)
    }

    @Test func readerClosesThePipeWithSIGPIPEIgnored() throws {
        // Far more than a pipe holds, to a reader that never reads: the write fails with EPIPE.
        let incident = try CLI.temp("long.json", CLI.longIncident(episodes: 2000))
        let r = try CLI.shell(#"trap '' PIPE; { "$0" check "\#(incident)" --as-of 2027-01-01T00:00:00Z --format json; echo $? > "\#(incident).status"; } | true"#)
        #expect(r.stderr.contains("cannot write to standard output: the reader closed the pipe"), "\(r.stderr)")
        let status = try String(contentsOfFile: incident + ".status", encoding: .utf8)
        #expect(status == "3\n")
    }
}
