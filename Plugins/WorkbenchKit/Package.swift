// swift-tools-version:6.1
import PackageDescription

// The Workbench plugin SDK. Host and compiled plugins both depend on the `.dynamic` product,
// so at run time there is exactly one copy of these types in the process.
let package = Package(
    name: "WorkbenchKit",
    products: [
        .library(name: "WorkbenchKit", type: .dynamic, targets: ["WorkbenchKit"])
    ],
    targets: [
        .target(name: "WorkbenchKit")
    ]
)
