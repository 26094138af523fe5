// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "autograd-tui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "autograd-tui", targets: ["autograd-tui"]),
        .executable(name: "autograd-bench", targets: ["autograd-bench"]),
        .library(name: "AutogradEngine", targets: ["AutogradEngine"]),
        .library(name: "AutogradProgram", targets: ["AutogradProgram"]),
        .library(name: "AgScript", targets: ["AgScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .target(name: "CMemoryHints"),
        .target(name: "AutogradEngine", dependencies: ["CMemoryHints"]),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "AutogradProgram", dependencies: ["AutogradEngine"]),
        .target(name: "AgScript", dependencies: ["AutogradEngine", "AutogradProgram"]),
        .target(name: "AutogradCapture", dependencies: ["AutogradEngine", "AutogradProgram"]),
        .executableTarget(name: "embed-bridge"),
        .plugin(name: "EmbedBridge", capability: .buildTool(), dependencies: ["embed-bridge"]),
        .target(name: "AutogradBridge", plugins: ["EmbedBridge"]),
        .target(
            name: "AutogradText",
            dependencies: ["AutogradEngine", "AutogradProgram", "AutogradCapture"]),
        .target(
            name: "AutogradReports",
            dependencies: ["AutogradEngine", "AutogradProgram", "AutogradCapture", "AutogradText"]),
        .target(
            name: "AutogradScreen",
            dependencies: ["AutogradEngine", "AutogradProgram", "AutogradCapture", "AutogradText"]),
        .target(
            name: "AutogradCommandLine",
            dependencies: [
                "AgScript", "AutogradEngine", "AutogradProgram",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "autograd-tui",
            dependencies: [
                "AutogradEngine", "AutogradProgram", "AgScript", "AutogradCapture", "AutogradText",
                "AutogradReports", "AutogradScreen", "CNCurses", "AutogradCommandLine",
                "AutogradBridge",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "GraphGenerators"),
        .executableTarget(
            name: "autograd-bench",
            dependencies: [
                "AutogradEngine", "AutogradProgram", "AgScript", "AutogradCapture",
                "AutogradScreen", "GraphGenerators", "AutogradCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AutogradEngineTests", dependencies: ["AutogradEngine"]),
        .testTarget(name: "AutogradProgramTests", dependencies: ["AutogradProgram"]),
        .testTarget(
            name: "AgScriptTests", dependencies: ["AgScript", "AutogradProgram", "AutogradEngine"]),
        .testTarget(
            name: "AutogradCaptureTests", dependencies: ["AutogradCapture", "AutogradEngine"],
            exclude: ["Seeds"]),
        .testTarget(name: "AutogradTextTests", dependencies: ["AutogradText", "AutogradEngine"]),
        .testTarget(
            name: "AutogradReportsTests",
            dependencies: [
                "AutogradReports", "AutogradText", "AgScript", "AutogradProgram", "AutogradEngine",
            ]
        ),
        .testTarget(
            name: "AutogradScreenTests",
            dependencies: [
                "AutogradScreen", "AutogradText", "AgScript", "AutogradProgram",
                "AutogradEngine", "GraphGenerators", "AutogradCapture",
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
