// swift-format-ignore-file
// (swift-format 6.3 re-indents the nested multi-line strings below, which breaks them.)
/// `VERIFY.txt`: how to check the archive with standard tools, in English and Arabic.
/// Written for a lawyer's expert who does not have, or does not trust, Sanad.
import Foundation

enum VerifyInstructions {
    struct Facts {
        var caseID: String
        var organisation: String
        var bagDirectory: String
        var sealedAt: String
        var signer: String
        var fingerprint: String
        var custodyHead: String
        var itemCount: Int
        var hasTimestamp: Bool
        /// Originals the sealer left out (`sanad/withheld.json`).
        var withheld: Int = 0
        /// Originals sealed in envelopes (`sanad/envelopes.json`), and the first one's path.
        var enveloped: Int = 0
        var envelopeExample: String = ""
        /// The archive was handed over inside an envelope (`--encrypt-archive-to`), under this name.
        var archiveEnvelope: String? = nil
    }

    static func text(_ f: Facts) -> String {
        english(f) + "\n" + arabic(f)
    }

    /// The English half, up to and including the blank lines before the Arabic.
    private static func english(_ f: Facts) -> String {
        englishHead(f) + "\n\n" + englishSteps(f)
    }

    /// The English title, the facts and the first steps.
    private static func englishHead(_ f: Facts) -> String {
        return """
        SANAD SEALED EVIDENCE ARCHIVE: HOW TO CHECK IT WITHOUT SANAD
        =============================================================
        Case:          \(f.caseID)
        Organisation:  \(f.organisation)
        Sealed at:     \(f.sealedAt) (UTC)
        Sealed by:     \(f.signer)
        Signer key:    SHA-256 fingerprint of the certificate
                       \(f.fingerprint)
        Custody head:  \(f.custodyHead)
        Evidence:      \(f.itemCount) file(s) under data/\(englishCounts(f))

        The archive is a BagIt 1.0 bag (RFC 8493). Nothing in it needs Sanad to be checked.
        Tools: unzip (or tar), sha256sum, openssl. Run the commands in a terminal.

        0. First check that this is the very file the sealer handed over. This must print the
           SHA-256 the sealer gave you (with the key's fingerprint, by another channel):
               sha256sum ARCHIVE.zip            (or: sha256sum ARCHIVE.tar)
           An archive that was unpacked and packed again has another SHA-256, even if the files
           in it are the same: check its files with the steps below, and ask for the original.
        \(englishArchiveEnvelope(f))
        1. Unpack the archive, then enter its folder:
               unzip ARCHIVE.zip            (or: tar -xf ARCHIVE.tar)
               cd \(f.bagDirectory)

        2. Every evidence file must match its recorded SHA-256 digest:
               sha256sum -c manifest-sha256.txt
           Every line must end in ": OK". Any "FAILED" means that file was changed.

        3. The records (custody log, item descriptions, the manifest itself) must match too:
               sha256sum -c tagmanifest-sha256.txt
        """
    }

    /// The English steps that follow.
    private static func englishSteps(_ f: Facts) -> String {
        let ts = f.hasTimestamp
        return """
        4. The seal is a CMS signature over tagmanifest-sha256.txt. Check it:
               openssl cms -verify -binary -inform DER -in signature/seal.p7s \\
                 -content tagmanifest-sha256.txt -CAfile signature/signer.pem -out /dev/null
           It must print "CMS Verification successful". This proves the records were signed by
           the key in signature/signer.pem and not changed since. To know WHOSE key it is, compare
           its fingerprint with the one the sealer gave you by another channel (or use your
           organisation's CA certificate as -CAfile instead):
               openssl x509 -in signature/signer.pem -noout -fingerprint -sha256

        \(ts ? """
        5. The seal carries a timestamp from an independent authority (RFC 3161) proving it
           existed at the time stated. Check it against that authority's CA certificate:
               openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s \\
                 -CAfile TSA-CA.pem -untrusted signature/tsa-chain.pem
               openssl ts -reply -in signature/seal.tsr -text | grep "Time stamp"
        """ : """
        5. This archive carries no independent timestamp; the sealing time is the sealer's word.
        """)

        6. The custody log sanad/custody.jsonl has one entry per line. Each entry's "prev" is the
           SHA-256 of the line before it (without its line end), and the SHA-256 of the last line
           equals Sanad-Custody-Head in bag-info.txt, which the seal covers.

        \(f.withheld > 0 ? """
        7. \(f.withheld) evidence file(s) were withheld by the sealer: they are not under data/, but
           sanad/withheld.json lists each with its SHA-256, size and type, and the seal covers that
           list (step 3 checks it). A file handed over later is the withheld exhibit exactly when
               sha256sum FILE
           prints the SHA-256 listed for that exhibit in sanad/withheld.json.


        """ : "")\(englishEnvelopes(f))\(englishValidator)
        Original file names, who collected each file, when and how are in sanad/items/*.json.


        """
    }

    /// After the evidence count: how many were withheld, and the step that explains it.
    private static func arabicWithheld(_ f: Facts) -> String {
        (f.withheld > 0 ? "، و\(f.withheld) محجوب (الخطوة ٧)" : "")
            + (f.enveloped > 0 ? "، و\(f.enveloped) في مظاريف مشفّرة (الخطوة \(f.withheld > 0 ? "٨" : "٧"))" : "")
    }

    static let englishValidator =
        "A validator for BagIt bags (for example bagit.py --validate) must also accept the folder."

    /// After the evidence count: how many were withheld or are in envelopes, and their steps.
    private static func englishCounts(_ f: Facts) -> String {
        (f.withheld > 0 ? ", \(f.withheld) withheld (step 7)" : "")
            + (f.enveloped > 0 ? ", \(f.enveloped) in envelopes (step \(envelopeStep(f)))" : "")
    }

    /// In step 0, when the archive was handed over inside an envelope: how its recipient opens it.
    private static func englishArchiveEnvelope(_ f: Facts) -> String {
        guard let name = f.archiveEnvelope else { return "" }
        let inner = String(name.dropLast(4))
        return """
           This archive was handed over inside an envelope, \(name), that only its recipients
           can open (CMS AuthEnvelopedData, AES-256-GCM). Its recipient opens it, then runs
           sha256sum on what comes out:
               openssl cms -decrypt -inform DER -in \(name) \\
                 -recip recipient.pem -inkey recipient.key -out \(inner)

        """
    }

    private static func arabicArchiveEnvelope(_ f: Facts) -> String {
        guard let name = f.archiveEnvelope else { return "" }
        let inner = String(name.dropLast(4))
        return """
           سُلّم هذا الأرشيف داخل مظروف مشفّر، \(name)، لا يفتحه إلا المستلمون المقصودون
           (CMS AuthEnvelopedData بخوارزمية AES-256-GCM). يفتحه المستلم، ثم ينفّذ sha256sum
           على الملف الناتج:
               openssl cms -decrypt -inform DER -in \(name) \\
                 -recip recipient.pem -inkey recipient.key -out \(inner)

        """
    }

    /// The envelopes' step: 7, or 8 after the withheld originals' step.
    private static func envelopeStep(_ f: Facts) -> Int { f.withheld > 0 ? 8 : 7 }

    /// Step 8 (7 when nothing is withheld), when originals are sealed in envelopes: how a
    /// recipient opens one and checks it.
    private static func englishEnvelopes(_ f: Facts) -> String {
        guard f.enveloped > 0 else { return "" }
        let example = f.envelopeExample
        let plain = (example as NSString).lastPathComponent.replacingOccurrences(of: ".p7m", with: "")
        return """
        \(envelopeStep(f)). \(f.enveloped) evidence file(s) are sealed in envelopes (CMS AuthEnvelopedData, AES-256-GCM)
           that only the recipients listed in sanad/envelopes.json can open; their certificates are
           in sanad/recipients.pem. Step 2 checks each envelope as it is (its name ends in .p7m).
           A recipient opens one with their own key, then checks what it holds against the
           SHA-256 the seal covers:
               openssl cms -decrypt -inform DER -in \(example) \\
                 -recip recipient.pem -inkey recipient.key -out \(plain)
               sha256sum \(plain)
           The last command must print the SHA-256 listed for that exhibit in sanad/envelopes.json.
           Open envelopes only on a machine you trust: their content may be intimate.


        """
    }

    private static func arabicEnvelopes(_ f: Facts) -> String {
        guard f.enveloped > 0 else { return "" }
        let example = f.envelopeExample
        let plain = (example as NSString).lastPathComponent.replacingOccurrences(of: ".p7m", with: "")
        let step = f.withheld > 0 ? "٨" : "٧"
        return """
        \(step). وُضع \(f.enveloped) ملف/ملفات من الأدلة في مظاريف مشفّرة (CMS AuthEnvelopedData بخوارزمية
           AES-256-GCM) لا يفتحها إلا المستلمون المذكورون في sanad/envelopes.json، وشهاداتهم في
           sanad/recipients.pem. الخطوة ٢ تتحقّق من كل مظروف كما هو (ينتهي اسمه بـ .p7m). يفتح
           المستلم المظروف بمفتاحه، ثم يقارن محتواه بالبصمة SHA-256 التي يشملها الختم:
               openssl cms -decrypt -inform DER -in \(example) \\
                 -recip recipient.pem -inkey recipient.key -out \(plain)
               sha256sum \(plain)
           يجب أن يطبع الأمر الأخير البصمة المذكورة لذلك الدليل في sanad/envelopes.json.
           لا تفتح المظاريف إلا على جهاز تثق به: قد يكون محتواها حميمًا.


        """
    }

    private static func arabic(_ f: Facts) -> String {
        arabicHead(f) + "\n\n" + arabicSteps(f)
    }

    /// The Arabic title, the facts and the first steps.
    private static func arabicHead(_ f: Facts) -> String {
        return """
        أرشيف أدلة مختوم من «سند»: كيف تتحقق منه دون برنامج «سند»
        ==========================================================
        القضية:          \(f.caseID)
        الجهة:           \(f.organisation)
        وقت الختم:       \(f.sealedAt) (بالتوقيت العالمي المنسّق UTC)
        الخاتم:          \(f.signer)
        مفتاح الخاتم:    البصمة SHA-256 لشهادة الخاتم
                         \(f.fingerprint)
        رأس سجل الحيازة: \(f.custodyHead)
        الأدلة:          \(f.itemCount) ملف/ملفات في المجلد data/\(arabicWithheld(f))

        هذا الأرشيف حقيبة BagIt 1.0 (المعيار RFC 8493)، ولا يحتاج التحقق منه إلى «سند».
        الأدوات اللازمة: unzip (أو tar) و sha256sum و openssl. نفّذ الأوامر في الطرفية كما هي.

        ٠. تأكّد أولًا أن هذا هو الملف نفسه الذي سلّمه الخاتم. يجب أن يطبع هذا الأمر بصمة SHA-256
           التي أعطاك إياها الخاتم (مع بصمة مفتاحه، بطريق آخر):
               sha256sum ARCHIVE.zip            (أو: sha256sum ARCHIVE.tar)
           الأرشيف الذي فُكّ ثم أُعيد ضغطه تتغيّر بصمته ولو بقيت ملفاته كما هي: تحقّق من ملفاته
           بالخطوات التالية، واطلب الملف الأصلي.
        \(arabicArchiveEnvelope(f))
        ١. فكّ الأرشيف وادخل إلى مجلده:
               unzip ARCHIVE.zip            (أو: tar -xf ARCHIVE.tar)
               cd \(f.bagDirectory)

        ٢. يجب أن يطابق كل ملف من ملفات الأدلة بصمته المسجّلة SHA-256:
               sha256sum -c manifest-sha256.txt
           يجب أن ينتهي كل سطر بعبارة ": OK". أي سطر فيه "FAILED" يعني أن ذلك الملف قد تغيّر.
        """
    }

    /// The Arabic steps that follow.
    private static func arabicSteps(_ f: Facts) -> String {
        let ts = f.hasTimestamp
        return """
        ٣. ويجب أن تطابق السجلات أيضًا (سجل الحيازة ووصف كل دليل والقائمة نفسها):
               sha256sum -c tagmanifest-sha256.txt

        ٤. الختم توقيع رقمي بصيغة CMS على الملف tagmanifest-sha256.txt. تحقّق منه:
               openssl cms -verify -binary -inform DER -in signature/seal.p7s \\
                 -content tagmanifest-sha256.txt -CAfile signature/signer.pem -out /dev/null
           يجب أن تظهر عبارة "CMS Verification successful". هذا يثبت أن السجلات وُقّعت بالمفتاح
           الموجود في signature/signer.pem ولم تتغيّر بعد ذلك. ولمعرفة صاحب المفتاح، قارن بصمته
           بالبصمة التي أعطاك إياها الخاتم بطريق آخر (أو استعمل شهادة الجهة المُصدِرة مكان -CAfile):
               openssl x509 -in signature/signer.pem -noout -fingerprint -sha256

        \(ts ? """
        ٥. يحمل الختم ختمًا زمنيًا من جهة مستقلة (RFC 3161) يثبت وجوده في الوقت المذكور. تحقّق منه
           بشهادة تلك الجهة:
               openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s \\
                 -CAfile TSA-CA.pem -untrusted signature/tsa-chain.pem
               openssl ts -reply -in signature/seal.tsr -text | grep "Time stamp"
        """ : """
        ٥. لا يحمل هذا الأرشيف ختمًا زمنيًا مستقلًا؛ وقت الختم هو ما يقوله الخاتم.
        """)

        ٦. سجل الحيازة sanad/custody.jsonl فيه قيد واحد في كل سطر. الحقل "prev" في كل قيد هو بصمة
           SHA-256 للسطر الذي قبله (دون نهاية السطر)، وبصمة السطر الأخير تساوي القيمة
           Sanad-Custody-Head في الملف bag-info.txt الذي يشمله الختم.

        \(f.withheld > 0 ? """
        ٧. حجب الخاتم \(f.withheld) ملف/ملفات من الأدلة: ليست في المجلد data/، لكن الملف
           sanad/withheld.json يذكر لكل منها بصمته SHA-256 وحجمه ونوعه، والختم يشمل هذه القائمة
           (الخطوة ٣ تتحقّق منها). الملف الذي يُسلَّم لاحقًا هو الدليل المحجوب نفسه إذا طبع الأمر
               sha256sum FILE
           البصمة المذكورة لذلك الدليل في sanad/withheld.json.


        """ : "")\(arabicEnvelopes(f))يجب أن يقبل أيُّ مدقّق لحقائب BagIt المجلدَ أيضًا (مثل bagit.py --validate).
        أسماء الملفات الأصلية، ومن جمع كل ملف ومتى وكيف، موجودة في sanad/items/*.json.

        """
    }
}
