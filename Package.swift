// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Workbench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "workbench", targets: ["workbench"]),
        // Plugins that exist only to exercise the loader's failure paths in tests.
        .library(name: "FixtureTrappingPlugin", type: .dynamic, targets: ["FixtureTrappingPlugin"]),
        .library(name: "FixtureOtherABIPlugin", type: .dynamic, targets: ["FixtureOtherABIPlugin"]),
        .library(name: "FixtureNotAPlugin", type: .dynamic, targets: ["FixtureNotAPlugin"]),
        .library(name: "FixtureOtherSDKCopyPlugin", type: .dynamic, targets: ["FixtureOtherSDKCopyPlugin"]),
    ],
    dependencies: [
        .package(path: "Plugins/WorkbenchKit"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "XMLKit", dependencies: ["CLibXML2"]),
        .target(name: "Statistics"),
        .target(name: "StagedFiles"),
        .target(name: "Transcripts", dependencies: [
            "XMLKit", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Scoring", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"), "Statistics",
        ]),
        .target(name: "BuiltinInstruments", path: "Instruments",
                exclude: ["README.md"],
                resources: [.copy("Schemas"), .copy("MaturityMatrix"), .copy("Questionnaires"),
                            .copy("ObservationSchedules"), .copy("CodingFrameworks"), .copy("Interventions"),
                            .copy("CycleTemplates")]),
        .target(name: "FrameworkAnalysis", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"), "Statistics", "Transcripts",
        ]),
        .target(name: "Enquiries", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"), "FrameworkAnalysis", "Scoring",
        ]),
        .target(name: "Reports", dependencies: [
            "Enquiries",
            .product(name: "WorkbenchKit", package: "WorkbenchKit"), "Scoring", "FrameworkAnalysis", "XMLKit",
        ]),
        .target(name: "PluginHost", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            .product(name: "Crypto", package: "swift-crypto"),
            "XMLKit", "BuiltinInstruments",
        ]),
        .target(name: "ProjectStore", dependencies: [
            "Enquiries", "FrameworkAnalysis", "StagedFiles",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "Interop", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            "FrameworkAnalysis", "PluginHost", "ProjectStore", "StagedFiles",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
            "XMLKit", "CDeflate",
        ], exclude: ["Schemas/NOTICE.md"], resources: [.copy("Schemas/Project.xsd"), .copy("Schemas/Codebook.xsd")]),
        .target(name: "WorkbenchCore", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            "BuiltinInstruments", "Enquiries", "FrameworkAnalysis", "Interop", "PluginHost", "ProjectStore", "Reports", "Scoring",
            "StagedFiles", "Statistics", "Transcripts", "XMLKit",
        ]),
        .target(name: "WorkbenchWeb", dependencies: [
            "Enquiries", "PluginHost", "ProjectStore", "Reports", "StagedFiles", "Transcripts", "WorkbenchCore",
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [.copy("Assets")]),
        .target(name: "WorkbenchDemo", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            "Enquiries", "FrameworkAnalysis", "PluginHost", "ProjectStore", "Reports", "Scoring", "StagedFiles", "Statistics",
            "Transcripts", "WorkbenchCore",
        ]),
        .executableTarget(name: "workbench", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            "Enquiries", "FrameworkAnalysis", "WorkbenchCore", "WorkbenchDemo", "WorkbenchWeb", "PluginHost", "ProjectStore",
            "Reports", "Scoring", "StagedFiles", "Statistics", "Transcripts", "XMLKit",
        ]),
        .executableTarget(name: "workbench-benchmarks", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            "PluginHost", "Scoring", "FrameworkAnalysis", "Transcripts", "ProjectStore", "WorkbenchCore", "WorkbenchWeb",
        ], path: "Benchmarks/WorkbenchBenchmarks"),
        .testTarget(name: "WorkbenchTests", dependencies: [
            .product(name: "WorkbenchKit", package: "WorkbenchKit"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            "WorkbenchWeb", "CLibXML2", "Enquiries", "XMLKit", "Statistics", "Scoring", "Reports", "Transcripts", "FrameworkAnalysis", "Interop", "PluginHost", "ProjectStore", "WorkbenchCore", "WorkbenchDemo", "workbench",
        ], exclude: ["Snapshots"], resources: [.copy("Fixtures")]),
        .target(name: "FixtureTrappingPlugin",
                dependencies: [.product(name: "WorkbenchKit", package: "WorkbenchKit")],
                path: "Tests/PluginFixtures/TrappingPlugin"),
        .target(name: "FixtureOtherABIPlugin",
                dependencies: [.product(name: "WorkbenchKit", package: "WorkbenchKit")],
                path: "Tests/PluginFixtures/OtherABIPlugin"),
        .target(name: "FixtureNotAPlugin", path: "Tests/PluginFixtures/NotAPlugin"),
        .target(name: "FixtureOtherSDKCopyPlugin",
                dependencies: [.product(name: "WorkbenchKit", package: "WorkbenchKit")],
                path: "Tests/PluginFixtures/OtherSDKCopyPlugin"),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
