// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "autograd-tui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "autograd-tui", targets: ["autograd-tui"]),
        .executable(name: "autograd-bench", targets: ["autograd-bench"]),
        .library(name: "AutogradEngine", targets: ["AutogradEngine"]),
        .library(name: "AgScript", targets: ["AgScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .target(name: "CMemoryHints"),
        .target(name: "AutogradEngine", dependencies: ["CMemoryHints"]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "AgScript", dependencies: ["AutogradEngine"]),
        .target(name: "AutogradCapture", dependencies: ["AutogradEngine", "AgScript"]),
        .executableTarget(name: "embed-bridge"),
        .plugin(name: "EmbedBridge", capability: .buildTool(), dependencies: ["embed-bridge"]),
        .target(name: "AutogradBridge", plugins: ["EmbedBridge"]),
        .target(
            name: "AutogradReports",
            dependencies: ["AutogradEngine", "AgScript", "AutogradCapture"]),
        .target(
            name: "AutogradScreen",
            dependencies: ["AutogradEngine", "AgScript", "AutogradCapture", "AutogradReports"]),
        .target(
            name: "AutogradCommandLine",
            dependencies: [
                "AgScript", "AutogradEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "autograd-tui",
            dependencies: [
                "AutogradEngine", "AgScript", "AutogradReports", "AutogradScreen", "CNCurses",
                "AutogradCommandLine", "AutogradCapture", "AutogradBridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "GraphGenerators"),
        .executableTarget(
            name: "autograd-bench",
            dependencies: [
                "AutogradEngine", "AgScript", "AutogradScreen", "GraphGenerators",
                "AutogradCommandLine", "AutogradCapture",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AutogradEngineTests", dependencies: ["AutogradEngine"]),
        .testTarget(name: "AgScriptTests", dependencies: ["AgScript", "AutogradEngine"]),
        .testTarget(
            name: "AutogradCaptureTests", dependencies: ["AutogradCapture", "AutogradEngine"],
            exclude: ["Seeds"]),
        .testTarget(
            name: "AutogradReportsTests",
            dependencies: ["AutogradReports", "AgScript", "AutogradEngine"]
        ),
        .testTarget(
            name: "AutogradScreenTests",
            dependencies: [
                "AutogradScreen", "AutogradReports", "AgScript", "AutogradEngine",
                "GraphGenerators", "AutogradCapture",
            ],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["autograd-tui", "autograd-bench", "AutogradEngine"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
