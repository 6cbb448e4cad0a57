import Foundation

/// Runs the built `policyeval` binary from the repository root and captures what it prints.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        // The test bundle sits beside the products it was built with.
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("policyeval")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/policyeval")
    }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs `executable` (the built binary unless given) in `directory` (the repository root
    /// unless given), with `environment` added to this process's (a `nil` value removes a name).
    static func run(_ args: [String], stdin: String? = nil, executable: URL? = nil, in directory: URL? = nil,
                    environment: [String: String?] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = executable ?? binary
        p.arguments = args
        p.currentDirectoryURL = directory ?? root
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            p.environment = env
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        if stdin != nil { p.standardInput = input }
        try p.run()
        if let stdin {
            // Written from another thread, so that a large input cannot block on a full pipe.
            let writer = input.fileHandleForWriting
            let thread = Thread {
                try? writer.write(contentsOf: Data(stdin.utf8))
                try? writer.close()
            }
            thread.start()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self), status: p.terminationStatus)
    }

    /// A scratch folder for one test, holding the shipped vocabulary and calendars and
    /// the named rule files copied from Policies/.
    static func policies(_ name: String, copying files: [String] = []) throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("policyeval-cli-\(getpid())/\(name)")
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let from = root.appendingPathComponent("Policies")
        for f in ["vocabulary.yaml", "calendars"] + files {
            let target = dir.appendingPathComponent(f)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: from.appendingPathComponent(f), to: target)
        }
        return dir.path
    }

    /// A scratch file for one test.
    static func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

extension CLI {
    /// Runs a /bin/sh script from the repository root, with the binary as "$0": for what
    /// Process cannot arrange (a closed stdout, an ignored SIGPIPE, /dev/full).
    static func shell(_ script: String) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script, binary.path]
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self), status: p.terminationStatus)
    }

    /// An incident of `episodes` missing episodes for bcp-missing-children: a long report.
    static func longIncident(episodes: Int) -> String {
        var events: [String] = []
        for k in 0..<episodes {
            let day = String(format: "2026-%02d-%02d", 1 + k / 28 % 12, 1 + k % 28)
            events.append(#"{"id": "r\#(k)", "type": "missing.reported", "time": "\#(day)T10:00:00Z", "data": {"risk": "medium"}}"#)
            events.append(#"{"id": "f\#(k)", "type": "missing.found", "time": "\#(day)T12:00:00Z"}"#)
        }
        return #"{"incident": {"id": "L-1", "policy": "bcp-missing-children", "subject": {"id": "C-1"}}, "events": [\#(events.joined(separator: ",\n"))]}"#
    }
}
