import CSanadSystem

/// What a command keeps if Ctrl-C, SIGTERM or SIGHUP stops it: said on stderr by the signal
/// handler after it has removed the unfinished files (`sanad: interrupted: removed 1
/// unfinished file(s); no archive was written, the case is unchanged`). Setting it installs the
/// handler, so that every interruption of the command is reported.
public enum InterruptNote {
    public static func set(_ text: String) {
        csanad_cleanup_note(text)
    }
}
