// swift-tools-version:6.0
// Sanad: court-ready evidence from victims' phones.
// Modules follow the pipeline (docs/ARCHITECTURE.md): Model → Crypto → IO → Format → Archive → Custody →
// Workspace → Ingest → Seal; Verify → Receive; Timeline → Extract → Search; the CLI on top. No edge runs backwards.
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
        // C layer: one module per system library, and beside each a shim of typed functions for the
        // macros Swift cannot import; CSanadSystem holds the Linux calls and signal handling.
        .systemLibrary(
            name: "CSanadOpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CSanadArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(
            name: "CSanadExif", pkgConfig: "libexif",
            providers: [.apt(["libexif-dev"])]),
        .systemLibrary(
            name: "CSanadSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CSanadLZ4", pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSanadDeflate", providers: [.apt(["libdeflate-dev"])]),
        // libpwquality (weak passphrases, against cracklib's lists) and libkeyutils (the kernel keyring).
        .systemLibrary(name: "CSanadSecrets", providers: [.apt(["libpwquality-dev", "libkeyutils-dev"])]),
        // libvips (previews: JPEG, PNG, HEIC and WebP decoded under limits) and its variadic calls. It is
        // loaded with dlopen when a preview is rendered, not linked, so that no other command maps it and
        // the ~60 libraries it needs: no headers, no link flags; libvips42 is needed at run time only.
        .target(name: "CSanadVipsShims"),
        // cairo, pango, fontconfig and libqrencode for the court report, loaded with dlopen when a report is
        // typeset (libcairo2, libpangocairo-1.0-0, libqrencode4 at run time), for the same reason.
        .target(name: "CSanadPDFShims"),
        // For tests only: their headers, to compare the values CSanadPDFShims hard-codes with them.
        .systemLibrary(
            name: "CSanadPDFHeaders", path: "Tests/CSanadPDFHeaders", pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libqrencode-dev"])]),
        // For tests only: libvips's headers, to compare the values CSanadVipsShims hard-codes with them.
        .systemLibrary(
            name: "CSanadVipsHeaders", path: "Tests/CSanadVipsHeaders", pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]),
        .target(name: "CSanadOpenSSLShims", dependencies: ["CSanadOpenSSL"]),
        .target(name: "CSanadArchiveShims", dependencies: ["CSanadArchive", "CSanadDeflate"]),
        .target(name: "CSanadSystem"),

        // Plain value types shared by every stage, and canonical JSON (RFC 8785).
        .target(name: "SanadModel"),
        // Swift owners of OpenSSL objects (typed errors, no OpaquePointer in the API).
        .target(name: "SanadCrypto", dependencies: ["CSanadOpenSSL", "CSanadOpenSSLShims", "SanadModel"]),
        // File I/O every stage shares: one-pass copy and hash, the chunk pool, byte sinks, direct
        // output past the page cache, writeback, the one atomic write and the one write-all loop.
        .target(name: "SanadIO", dependencies: ["CSanadSystem", "CSanadLZ4", "SanadModel", "SanadCrypto"]),
        // The archive format as data: bag layout and order, receipts, manifests, bag-info, and the
        // exact zip and tar records of the container profile (docs/FORMAT.md). No I/O.
        .target(name: "SanadFormat", dependencies: ["SanadModel", "SanadCrypto"]),
        // The one module that opens a network connection: an RFC 3161 time-stamping client, used
        // only when a command is given `--tsa`.
        .target(name: "SanadNetwork", dependencies: ["SanadModel", "SanadCrypto"]),
        // Swift owners of libarchive objects, and the container profile's streaming readers.
        .target(
            name: "SanadArchive",
            dependencies: [
                "CSanadArchive", "CSanadArchiveShims", "CSanadDeflate", "CSanadSystem", "SanadModel", "SanadCrypto",
                "SanadIO", "SanadFormat",
            ]),
        // The hash-chained custody log, and the items it commits.
        .target(name: "SanadCustody", dependencies: ["SanadModel", "SanadCrypto", "SanadIO"]),
        // The case workspace on disk: layout, lock, audit, and its encryption at rest (keys, keyring).
        .target(
            name: "SanadWorkspace",
            dependencies: ["CSanadSystem", "CSanadSecrets", "SanadModel", "SanadCrypto", "SanadIO", "SanadCustody"]),
        // Ingest: type detection, zip members, intake manifests, staged batches.
        .target(
            name: "SanadIngest",
            dependencies: [
                "CSanadSystem", "SanadModel", "SanadCrypto", "SanadIO", "SanadFormat", "SanadArchive", "SanadCustody",
                "SanadWorkspace", .product(name: "Yams", package: "Yams"),
            ]),
        // Preview: unrecognisable previews of image items (greyscale, ≤ 24 × 24, blurred), decoded by
        // libvips under size and pixel limits and stored as derived items of the workspace.
        .target(
            name: "SanadPreview",
            dependencies: [
                "CSanadVipsShims", "SanadModel", "SanadCrypto", "SanadCustody", "SanadWorkspace", "SanadIngest",
            ]),
        // Seal: BagIt archive, CMS signature, RFC 3161 timestamps.
        .target(
            name: "SanadSeal",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadIO", "SanadNetwork", "SanadFormat", "SanadArchive", "SanadCustody",
                "SanadWorkspace", "SanadTimeline", "SanadExtract",
            ]),
        // Verify: streaming checks of a sealed archive, with a report. Reads the format; knows
        // nothing of how a workspace or a seal is made.
        .target(
            name: "SanadVerify",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadFormat", "SanadArchive", "SanadCustody",
            ]),
        // Receive: verify an archive, then countersign it (received + verified entries, a receipt).
        .target(
            name: "SanadReceive",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadIO", "SanadNetwork", "SanadFormat", "SanadArchive", "SanadCustody",
                "SanadVerify",
            ]),
        // The Swift owner of libexif's objects: one EXIF block read as the camera wrote it.
        .target(name: "SanadExif", dependencies: ["CSanadExif"]),
        // Timeline: chat exports read into events that point to their exact bytes.
        .target(name: "SanadTimeline", dependencies: ["SanadModel", "SanadCrypto", "SanadExif"]),
        // Extract: a case's timeline from a workspace or a sealed archive, merged and sorted.
        .target(
            name: "SanadExtract",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadIO", "SanadFormat", "SanadArchive", "SanadCustody", "SanadWorkspace",
                "SanadVerify", "SanadTimeline",
            ]),
        // Report: the court report, a bilingual PDF (Arabic, English) typeset from what the verifier found,
        // with its strings in one catalogue per language (Catalogues/*.json, embedded in the binary).
        .target(
            name: "SanadReport",
            dependencies: [
                "CSanadPDFShims", "SanadModel", "SanadCrypto", "SanadIO", "SanadFormat", "SanadVerify", "SanadTimeline",
                "SanadExtract",
            ],
            resources: [.embedInCode("Catalogues/en.json"), .embedInCode("Catalogues/ar.json")]),
        // The Swift owner of SQLite's objects: connections, statements, FTS5 tokenizers.
        .target(name: "SanadSQLite", dependencies: ["CSanadSQLite", "SanadModel"]),
        // Search: a full-text index (SQLite FTS5) over timeline events, rebuilt from the workspace at will.
        .target(name: "SanadSearch", dependencies: ["SanadSQLite", "SanadModel", "SanadTimeline"]),
        // Fuzzing: mutators and the properties every parser must keep (docs/FUZZING.md); a library so
        // that XCTest runs the same checks as the `sanad-fuzz` executable.
        .target(name: "SanadFuzz", dependencies: ["SanadModel", "SanadCrypto", "SanadTimeline"]),
        .executableTarget(
            name: "sanad-fuzz", dependencies: ["SanadModel", "SanadCrypto", "SanadTimeline", "SanadFuzz"]),
        // The thin executable: parses arguments and prints.
        .executableTarget(
            name: "sanad",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadIO", "SanadNetwork", "SanadFormat", "SanadArchive", "SanadCustody",
                "SanadWorkspace", "SanadIngest", "SanadSeal", "SanadVerify", "SanadReceive", "SanadTimeline",
                "SanadExtract",
                "SanadSearch", "SanadPreview", "SanadReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "SanadTests",
            dependencies: [
                "SanadModel", "SanadCrypto", "SanadIO", "SanadNetwork", "SanadFormat", "SanadArchive", "SanadCustody",
                "SanadWorkspace", "SanadIngest", "SanadSeal", "SanadVerify", "SanadReceive", "SanadTimeline",
                "SanadExif", "SanadExtract", "SanadSQLite", "SanadSearch", "SanadFuzz", "SanadPreview",
                "CSanadVipsShims", "CSanadVipsHeaders", "SanadReport", "CSanadPDFShims", "CSanadPDFHeaders",
            ]),
    ],
    swiftLanguageModes: [.v5]
)
