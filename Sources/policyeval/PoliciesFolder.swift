import Foundation

/// Where the command line finds the policies when no path is given, in this order:
/// `--policies`, `$POLICYEVAL_POLICIES`, `./Policies` when present, then the folder
/// installed beside the binary (`PREFIX/share/policyeval/Policies` for `PREFIX/bin/policyeval`).
enum PoliciesFolder {
    static func resolve(_ option: String?) -> String {
        if let option { return option }
        // getenv, not ProcessInfo's environment: that builds a dictionary of every variable
        // (0.8 million instructions at each start, since --version's text calls this).
        if let env = getenv("POLICYEVAL_POLICIES").map({ String(cString: $0) }), !env.isEmpty { return env }
        if isFolder("Policies") { return "Policies" }
        if let installed, isFolder(installed) { return installed }
        return "Policies"
    }

    /// `../share/policyeval/Policies` from the running binary's real folder.
    static var installed: String? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let binary = exe.path == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath() : exe
        return binary.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/policyeval/Policies").standardizedFileURL.path
    }

    private static func isFolder(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }
}
