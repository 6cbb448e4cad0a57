// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "policyeval",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PolicyEval", targets: ["PolicyEval"]),
        .executable(name: "policyeval", targets: ["policyeval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // The only module that sees libyaml's C API.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libyaml wrapped: a position-carrying node tree with safety limits.
        .target(name: "YAMLSource", dependencies: ["CLibYAML"]),
        // Calendars, office hours, units and deadline arithmetic.
        .target(name: "PolicyTime"),
        // Vocabulary, rule language, compiler, engine and reports.
        .target(
            name: "PolicyEval",
            dependencies: [
                "YAMLSource", "PolicyTime",
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // The command line: parses arguments and calls the library.
        .executableTarget(
            name: "policyeval",
            dependencies: [
                "PolicyEval",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A runnable example of embedding the library: `swift run EmbeddingExample`.
        .executableTarget(name: "EmbeddingExample", dependencies: ["PolicyEval"]),
        // Benchmarks and the synthetic incident generator (BENCHMARKS.md).
        .executableTarget(name: "PolicyEvalBenchmarks", dependencies: ["PolicyEval"]),
        .testTarget(name: "YAMLSourceTests", dependencies: ["YAMLSource"]),
        .testTarget(name: "PolicyTimeTests", dependencies: ["PolicyTime"]),
        .testTarget(name: "PolicyEvalTests", dependencies: ["PolicyEval"]),
        .testTarget(name: "PolicyEvalCLITests", dependencies: ["policyeval"]),
    ],
    swiftLanguageModes: [.v6]
)
