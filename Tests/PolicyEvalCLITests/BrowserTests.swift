import Foundation
import Testing

/// A headless browser on this machine (Debian's chromium), or nil: `make browser-deps` installs it.
enum Browser {
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        if let given = env["CHROMIUM"], !given.isEmpty { return FileManager.default.isExecutableFile(atPath: given) ? given : nil }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let missing: Comment = "no headless browser found (chromium, or $CHROMIUM): the HTML report's browser checks are skipped; `make browser-deps` installs Debian's chromium"

    /// Runs the browser headless on `url` with its own profile folder; output goes to files, not pipes
    /// (the browser's helper processes can hold a pipe open after it exits). Gives stdout, or throws.
    static func run(_ args: [String], url: URL, timeout: TimeInterval = 120) throws -> String {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-browser-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("stdout"), err = work.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        // --no-sandbox: the sandbox refuses to run as root, as CI does.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--mute-audio",
                       "--user-data-dir=\(work.appendingPathComponent("profile").path)"] + args + [url.absoluteString]
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            throw BrowserError("the browser did not finish within \(Int(timeout))s")
        }
        let text = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
        guard p.terminationStatus == 0 else {
            let e = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
            throw BrowserError("the browser exited \(p.terminationStatus): \(e.suffix(2000))")
        }
        return text
    }

    struct BrowserError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}

/// The HTML report in a real browser: it renders, the timeline has one laid-out mark per duty, the
/// explanations unfold on click, the status words are legible, and it prints.
@Suite(.enabled(if: Browser.path != nil, Browser.missing), .serialized)
struct BrowserTests {
    static let asOf = "2026-03-20T09:00:00Z"
    let folder: URL
    let page: URL
    let duties: Int

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("policyeval-html-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        page = folder.appendingPathComponent("report.html")
        let html = try CLI.run(["check", demo, "--as-of", Self.asOf, "--format", "html"])
        try html.stdout.write(to: page, atomically: true, encoding: .utf8)
        let json = try CLI.run(["check", demo, "--as-of", Self.asOf, "--format", "json"]).stdout
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        duties = try #require(report["obligations"] as? [Any]).count
    }

    /// Width and height from a PNG's header.
    static func pngSize(_ data: Data) throws -> (Int, Int) {
        let bytes = [UInt8](data)
        try #require(bytes.count > 24 && bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        func be(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test func rendersToAScreenshotThatIsNotBlank() throws {
        let shot = folder.appendingPathComponent("report.png"), blankShot = folder.appendingPathComponent("blank.png")
        let blank = folder.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>\n".write(to: blank, atomically: true, encoding: .utf8)
        _ = try Browser.run(["--window-size=1280,2400", "--screenshot=\(shot.path)"], url: page)
        _ = try Browser.run(["--window-size=1280,2400", "--screenshot=\(blankShot.path)"], url: blank)
        let png = try Data(contentsOf: shot), empty = try Data(contentsOf: blankShot)
        let (w, h) = try Self.pngSize(png)
        #expect(w == 1280 && h == 2400, "\(w)x\(h)")
        // A white page of that size compresses to a few kilobytes; text, bars and patterns do not.
        #expect(png.count > 8 * empty.count, "report \(png.count) bytes, blank page \(empty.count) bytes")
        if let keep = ProcessInfo.processInfo.environment["POLICYEVAL_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
        }
    }

    /// A probe run in the page after layout, writing what it measured into the DOM for `--dump-dom`.
    static let probe = """
        <script>
        (function () {
          function luminance(c) {
            var v = c.match(/[0-9.]+/g).slice(0, 3).map(function (x) { x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
          }
          var bad = [], bars = [].slice.call(document.querySelectorAll("rect.duty"));
          bars.forEach(function (r, i) {
            var b = r.getBoundingClientRect(), s = r.ownerSVGElement.getBoundingClientRect();
            var row = r.closest("li.row"), badge = row && row.querySelector(".badge");
            var status = r.getAttribute("class").split(" ")[1].slice(2);
            if (!(b.width >= 2 && b.height >= 8)) bad.push("bar " + i + " is " + b.width + "x" + b.height);
            if (b.left < s.left - 0.5 || b.right > s.right + 0.5 || b.top < s.top - 0.5 || b.bottom > s.bottom + 0.5) bad.push("bar " + i + " lies outside its strip");
            if (!badge || badge.textContent.toLowerCase() !== status) bad.push("bar " + i + " (" + status + ") beside the word " + (badge && badge.textContent));
            if (!r.querySelector("title")) bad.push("bar " + i + " has no title");
          });
          var rows = [].slice.call(document.querySelectorAll("li.row"));
          for (var k = 1; k < rows.length; k++) {
            if (rows[k].getBoundingClientRect().top < rows[k - 1].getBoundingClientRect().bottom - 0.5) bad.push("rows " + (k - 1) + " and " + k + " overlap");
          }
          var axis = document.querySelector("svg.axis").getBoundingClientRect(), strip = document.querySelector("svg.track").getBoundingClientRect();
          if (Math.abs(axis.left - strip.left) > 0.5 || Math.abs(axis.width - strip.width) > 0.5) bad.push("the axis and the strips are not aligned");
          [].slice.call(document.querySelectorAll(".badge")).forEach(function (b) {
            var cs = getComputedStyle(b), l1 = luminance(cs.color), l2 = luminance(cs.backgroundColor);
            var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            if (ratio < 4.5) bad.push("badge " + b.textContent + " contrast " + ratio.toFixed(2));
          });
          var details = document.querySelector("li.row details"), list = details.querySelector("ul.because");
          var row = details.closest("li.row"), closedHeight = row.getBoundingClientRect().height, closedVisible = list.checkVisibility();
          details.querySelector("summary").click();
          var openHeight = row.getBoundingClientRect().height, openVisible = list.checkVisibility();
          var out = document.createElement("pre");
          out.id = "probe";
          out.textContent = JSON.stringify({ bars: bars.length, rows: rows.length, bad: bad, grewBy: openHeight - closedHeight, closedVisible: closedVisible, openVisible: openVisible,
            opened: details.open, openAtFirst: document.querySelectorAll("details[open]").length - 1,
            overflow: document.documentElement.scrollWidth > window.innerWidth, headings: document.querySelectorAll("h1, h2, h3").length });
          document.body.appendChild(out);
        })();
        </script>
        """

    @Test func timelineHasOneLaidOutMarkPerDutyAndExplanationsUnfold() throws {
        let probed = folder.appendingPathComponent("probed.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        try html.replacingOccurrences(of: "</body>", with: Self.probe + "</body>").write(to: probed, atomically: true, encoding: .utf8)
        let dom = try Browser.run(["--window-size=1280,2400", "--dump-dom"], url: probed)
        let start = try #require(dom.range(of: "<pre id=\"probe\">"), "the probe did not run: \(dom.suffix(500))")
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(result["bars"] as? Int == duties)
        #expect(result["rows"] as? Int == duties)
        #expect((result["bad"] as? [String]) == [], "\(result["bad"] ?? "")")
        #expect(result["overflow"] as? Bool == false)
        // The reasons are hidden until "Why" is clicked, and then shown: the row grows by them.
        #expect(result["closedVisible"] as? Bool == false)
        #expect(result["openVisible"] as? Bool == true)
        #expect((result["grewBy"] as? Double ?? 0) > 20, "\(result["grewBy"] ?? "")")
        #expect(result["opened"] as? Bool == true)
        #expect(result["openAtFirst"] as? Int == 0)
        #expect((result["headings"] as? Int ?? 0) >= 5)
    }

    @Test func printsToPDFOnLandscapePages() throws {
        let pdf = folder.appendingPathComponent("report.pdf")
        _ = try Browser.run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], url: page)
        let data = try Data(contentsOf: pdf)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        #expect(pages >= 2, "\(pages) pages")
        // A4 landscape (the print style's @page): 842 x 595 points.
        #expect(text.contains("/MediaBox [0 0 841.9") && text.contains(" 594.9"), "not A4 landscape")
    }
}
