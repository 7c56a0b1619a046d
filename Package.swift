// swift-tools-version:6.0
// Sanad: court-ready evidence from victims' phones.
// Modules follow the pipeline: Model → Crypto/Archive (C wrappers) → Custody → Workspace → Ingest → Seal → Verify → Receive → CLI;
// Timeline reads chat exports beside them.
import PackageDescription

let package = Package(
    name: "Sanad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sanad", targets: ["sanad"]),
        .executable(name: "sanad-fuzz", targets: ["sanad-fuzz"]),
        .library(name: "SanadIngest", targets: ["SanadIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C layer: system libraries, then a shim for the macros and variadics Swift cannot import.
        .systemLibrary(name: "CSanadOpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSanadArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CSanadExif", pkgConfig: "libexif",
                       providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CSanadSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSanadLZ4", pkgConfig: "liblz4",
                       providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSanadDeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "CSanadShims", dependencies: ["CSanadOpenSSL", "CSanadArchive"]),

        // Plain value types shared by every stage, and canonical JSON (RFC 8785).
        .target(name: "SanadModel"),
        // Swift owners of OpenSSL and libarchive objects (typed errors, no OpaquePointer in the API),
        // and direct file output past the page cache.
        .target(name: "SanadCrypto", dependencies: ["CSanadOpenSSL", "CSanadShims", "SanadModel"]),
        .target(name: "SanadArchive", dependencies: ["CSanadArchive", "CSanadDeflate", "CSanadShims", "SanadModel", "SanadCrypto"]),
        // The hash-chained custody log.
        .target(name: "SanadCustody", dependencies: ["SanadModel", "SanadCrypto"]),
        // The case workspace on disk: layout, lock, atomic writes, audit.
        .target(name: "SanadWorkspace", dependencies: ["SanadModel", "SanadCrypto", "SanadCustody"]),
        // Ingest: one-pass copy+hash, type detection, zip members, intake manifests.
        .target(name: "SanadIngest", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadWorkspace",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Seal: BagIt archive, CMS signature, RFC 3161 timestamps.
        .target(name: "SanadSeal", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadWorkspace", "SanadIngest",
        ]),
        // Timeline: chat exports read into events that point to their exact bytes.
        .target(name: "SanadTimeline", dependencies: ["SanadModel", "SanadCrypto", "CSanadExif"]),
        // Search: a full-text index (SQLite FTS5) over timeline events, rebuilt from the workspace at will.
        .target(name: "SanadSearch", dependencies: ["CSanadSQLite", "SanadModel", "SanadTimeline"]),
        // Fuzzing: mutators and the properties every parser must keep (docs/FUZZING.md); a library so
        // that XCTest runs the same checks as the `sanad-fuzz` executable.
        .target(name: "SanadFuzz", dependencies: ["SanadModel", "SanadCrypto", "SanadTimeline"]),
        .executableTarget(name: "sanad-fuzz", dependencies: ["SanadModel", "SanadTimeline", "SanadFuzz"]),
        // Verify: streaming checks of a sealed archive, with a report.
        .target(name: "SanadVerify", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadWorkspace", "SanadSeal",
        ]),
        // Receive: verify an archive, then countersign it (received + verified entries, a receipt).
        .target(name: "SanadReceive", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadSeal", "SanadVerify",
        ]),
        // Extract: a case's timeline from a workspace or a sealed archive, merged and sorted.
        .target(name: "SanadExtract", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadWorkspace", "SanadSeal", "SanadVerify", "SanadTimeline",
            "CSanadLZ4",
        ]),
        // The thin executable: parses arguments and prints.
        .executableTarget(name: "sanad", dependencies: [
            "SanadModel", "SanadCrypto", "SanadCustody", "SanadWorkspace", "SanadIngest", "SanadSeal", "SanadVerify", "SanadReceive",
            "SanadTimeline", "SanadExtract", "SanadSearch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SanadTests", dependencies: [
            "SanadModel", "SanadCrypto", "SanadArchive", "SanadCustody", "SanadWorkspace", "SanadIngest",
            "SanadSeal", "SanadVerify", "SanadReceive", "SanadTimeline", "SanadExtract", "SanadSearch", "SanadFuzz",
        ]),
    ],
    swiftLanguageModes: [.v5]
)
