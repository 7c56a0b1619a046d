import SanadModel

/// A parser that reads a file twice: a survey (its digest, participants, title), then the
/// events, which the survey's digest proves came from the same bytes. Parsing without a
/// survey runs both passes.
public protocol SurveyingParser: TimelineParser {
    associatedtype Survey
    func survey(_ input: some ByteInput) throws(SanadError) -> Survey
    func parse(
        _ input: some ByteInput, survey: Survey, _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError)
}

extension SurveyingParser {
    /// Both passes.
    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        try parse(input, survey: survey(input), each)
    }
}
