import SanadFormat
/// A reader of one container format in its profile (zip or tar), fed the file front to back in
/// chunks of any size. After `finish()`, either `violation` says why the file is not in the
/// exact form Sanad writes, or `entries` lists every entry of a file that is.
protocol ContainerParser: AnyObject {
    var entries: [ContainerEntry] { get }
    var violation: ContainerViolation? { get }
    func consume(_ chunk: UnsafeRawBufferPointer)
    /// The end of the file.
    func finish()
}

extension ContainerFormat {
    func parser(sink: ContainerEntrySink?, crcWorker: CRCWorker?) -> ContainerParser {
        switch self {
        case .zip: ZipProfileParser(sink: sink, crcWorker: crcWorker)
        case .tar: TarProfileParser(sink: sink)
        }
    }
}
