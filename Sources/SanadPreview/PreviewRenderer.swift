import CSanadVipsShims
import SanadModel

/// A preview as made: PNG bytes, greyscale, at most `size` pixels on its longest side.
public struct RenderedPreview: Sendable {
    public let png: [UInt8]
    public let width: Int
    public let height: Int
    /// The source's size as its header declares it.
    public let sourceWidth: Int
    public let sourceHeight: Int
}

/// Turns an image's bytes into an unrecognisable preview with libvips: greyscale, shrunk to fit
/// 24 × 24, blurred, PNG. The same bytes, parameters and libvips give the same PNG.
public enum PreviewRenderer {
    /// The longest side of a preview, in pixels.
    public static let size = 24
    /// The Gaussian blur applied at that size: each pixel takes in its neighbours.
    public static let blurSigma = 1.0

    /// What a preview's record states about how it was made.
    public static var parameters: JSONValue {
        [
            "size": .int(Int64(size)), "blur_sigma": .string("1.0"), "colour": "grey", "output": "image/png",
            "steps": ["flatten-on-white", "greyscale", "shrink-to-fit", "autorotate", "gaussian-blur"],
        ]
    }

    /// The libvips version that made it.
    public static var libvipsVersion: String { VipsRuntime.version }

    /// `label` names the image in errors (e.g. "E0003").
    public static func render(
        _ bytes: [UInt8], format: ImageFormat, limits: PreviewLimits = .standard, label: String
    ) throws(SanadError) -> RenderedPreview {
        guard Int64(bytes.count) <= limits.maximumInputBytes else {
            throw tooLarge(label, "is \(bytes.count) bytes; previews read at most \(limits.maximumInputBytes)")
        }
        try VipsRuntime.start()
        // libvips reads the buffer lazily, so the whole pipeline runs while it is borrowed.
        var result: Result<RenderedPreview, SanadError> = .failure(SanadError(.internalError, "empty image"))
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else {
                result = .failure(VipsRuntime.failure("empty file", label: label))
                return
            }
            do throws(SanadError) {
                result = .success(try run(base, raw.count, format, limits, label))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private static func run(
        _ base: UnsafeRawPointer, _ count: Int, _ format: ImageFormat, _ limits: PreviewLimits, _ label: String
    ) throws(SanadError) -> RenderedPreview {
        // The header alone, at full size, is what the limits judge.
        let header = try load(base, count, format, reduction: 1, label)
        let (w, h) = (header.width, header.height)
        try check(width: w, height: h, format: format, limits: limits, label: label)
        // Shrink-on-load where the decoder can (JPEG by DCT scaling, WebP by its scaler), to
        // no less than 4 × the preview: the result depends only on the header's size.
        let reduction = max(1, min(8, max(w, h) / (size * 4)))
        let reduced = reduction > 1 ? try load(base, count, format, reduction: reduction, label) : header
        let png = try reduced.then("flatten") { csanad_vips_flatten_white($0, $1) }
            .then("greyscale") { csanad_vips_greyscale($0, $1) }
            .then("shrink") { csanad_vips_fit($0, Int32(size), $1) }
            .then("autorotate") { csanad_vips_autorot($0, $1) }
            .then("blur") { csanad_vips_blur($0, blurSigma, $1) }
            .then("8-bit grey") { csanad_vips_uchar_band0($0, $1) }
            .pngBytes()
        // The limits of the output are checked on what will be stored, not assumed.
        guard let ihdr = PNGHeader(png), ihdr.isGreyscale, ihdr.bitDepth == 8, ihdr.width >= 1, ihdr.height >= 1,
            ihdr.width <= size, ihdr.height <= size
        else { throw SanadError(.internalError, "the preview of \(label) is not an 8-bit greyscale PNG of ≤ 24 × 24") }
        return RenderedPreview(png: png, width: ihdr.width, height: ihdr.height, sourceWidth: w, sourceHeight: h)
    }

    private static func load(
        _ base: UnsafeRawPointer, _ count: Int, _ format: ImageFormat, reduction: Int, _ label: String
    ) throws(SanadError) -> VipsImageRef {
        try VipsImageRef.make("reading its \(format.rawValue.uppercased()) header", label: label) { out in
            switch format {
            case .jpeg: csanad_vips_jpegload(base, count, Int32(jpegShrink(reduction)), out)
            case .png: csanad_vips_pngload(base, count, out)
            case .heic: csanad_vips_heifload(base, count, out)
            case .webp: csanad_vips_webpload(base, count, 1.0 / Double(reduction), out)
            }
        }
    }

    /// libjpeg scales by 1, 2, 4 or 8 only.
    private static func jpegShrink(_ reduction: Int) -> Int {
        reduction >= 8 ? 8 : reduction >= 4 ? 4 : reduction >= 2 ? 2 : 1
    }

    private static func check(
        width: Int, height: Int, format: ImageFormat, limits: PreviewLimits, label: String
    ) throws(SanadError) {
        let pixels = width.multipliedReportingOverflow(by: height)
        let maximum = format.decodesWholeFrame ? limits.maximumWholeFramePixels : limits.maximumPixels
        if width > limits.maximumSide || height > limits.maximumSide {
            throw tooLarge(label, "declares \(width) × \(height) pixels; previews allow \(limits.maximumSide) a side")
        }
        if pixels.overflow || pixels.partialValue > maximum {
            throw tooLarge(
                label,
                "declares \(width) × \(height) pixels; previews of \(format.rawValue.uppercased()) allow "
                    + "\(maximum / 1_000_000) megapixels")
        }
    }

    private static func tooLarge(_ label: String, _ what: String) -> SanadError {
        SanadError(
            .imageTooLarge, "\(label) \(what) (nothing was decoded)",
            hint: "A file this large may be a decompression bomb; no preview is made of it.")
    }
}
