// swift-tools-version:6.1
import PackageDescription

// An example compiled plugin, built as its own package against the WorkbenchKit SDK product:
//     swift build --package-path Plugins/Examples/ReadingAgeGain
// then trust it in a project:
//     workbench plugins trust Plugins/Examples/ReadingAgeGain/.build/debug/libReadingAgeGain.so
let package = Package(
    name: "ReadingAgeGain",
    products: [
        .library(name: "ReadingAgeGain", type: .dynamic, targets: ["ReadingAgeGain"])
    ],
    dependencies: [
        .package(path: "../../WorkbenchKit")
    ],
    targets: [
        .target(name: "ReadingAgeGain", dependencies: [.product(name: "WorkbenchKit", package: "WorkbenchKit")])
    ]
)
