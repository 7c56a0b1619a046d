import CSanadVipsShims
import SanadModel

/// One libvips image, owned: unreferenced when the owner goes. libvips images are lazy, so an
/// image made by a loader has read only its header; pixels are decoded when `pngBytes` runs the
/// whole pipeline, one strip at a time.
final class VipsImageRef {
    /// A `CSanadVipsImage *`: opaque, since libvips's headers are not compiled in.
    typealias Pointer = OpaquePointer
    typealias Output = UnsafeMutablePointer<Pointer?>

    private let image: Pointer
    /// What the errors name (e.g. "E0003").
    let label: String

    private init(_ image: Pointer, label: String) {
        self.image = image
        self.label = label
    }

    deinit { csanad_vips_unref(image) }

    /// The image a shim call makes into `out`, or the error libvips queued.
    static func make(_ what: String, label: String, _ call: (Output) -> Int32) throws(SanadError) -> VipsImageRef {
        var out: Pointer?
        guard call(&out) == 0, let out else { throw VipsRuntime.failure(what, label: label) }
        return VipsImageRef(out, label: label)
    }

    var width: Int { Int(csanad_vips_width(image)) }
    var height: Int { Int(csanad_vips_height(image)) }

    /// The next stage of the pipeline, made from this image.
    func then(_ what: String, _ call: (Pointer, Output) -> Int32) throws(SanadError) -> VipsImageRef {
        try Self.make(what, label: label) { out in call(image, out) }
    }

    /// Runs the pipeline and encodes the result as PNG.
    func pngBytes() throws(SanadError) -> [UInt8] {
        var buf: UnsafeMutableRawPointer?
        var len = 0
        guard csanad_vips_pngsave(image, &buf, &len) == 0, let buf else {
            throw VipsRuntime.failure("decoding and encoding", label: label)
        }
        defer { csanad_vips_free(buf) }
        return Array(UnsafeRawBufferPointer(start: buf, count: len))
    }
}
