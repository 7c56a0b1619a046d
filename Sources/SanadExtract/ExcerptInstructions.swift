import Foundation
import SanadCrypto
import SanadFormat
import SanadModel

/// `VERIFY-EXCERPT.txt`: what an excerpt proves and how to check it without Sanad, in English
/// then Arabic, with the excerpt's own values filled in (docs/FORMAT.md §10). Values inside the
/// Arabic text are wrapped in first-strong isolates (U+2068 … U+2069) so that hashes, names and
/// paths never reorder the sentence around them.
public enum ExcerptInstructions {
    public static let fileName = "VERIFY-EXCERPT.txt"

    struct Facts {
        var caseID: String
        var sealedAt: String
        var fingerprint: String
        var summary: String
        var summaryArabic: String
        var excerptName: String
        var commitmentsRegex: String
        var commitmentPaths: String
    }

    static func text(archive: ArchiveItems, disclosure: ExcerptDisclosure, excerptName: String) -> [UInt8] {
        let info = archive.verification
        let paths = disclosure.exhibits.map(\.commitmentPath)
        let parts =
            disclosure.exhibits.map { "\($0.exhibit): \($0.leaves.count) event(s)" }
            + disclosure.items.map { "\($0.exhibit): the whole file \($0.path)" }
        let partsArabic =
            disclosure.exhibits.map { "\u{2068}\($0.exhibit)\u{2069}: \($0.leaves.count) حدث" }
            + disclosure.items.map { "\u{2068}\($0.exhibit)\u{2069}: الملف كاملًا" }
        let facts = Facts(
            caseID: info.caseID ?? "", sealedAt: info.sealedAt ?? "",
            fingerprint: info.signerFingerprint.map(Certificate.formatFingerprint) ?? "(unknown)",
            summary: parts.joined(separator: "; "), summaryArabic: partsArabic.joined(separator: "؛ "),
            excerptName: excerptName,
            commitmentsRegex: paths.map {
                NSRegularExpression.escapedPattern(for: $0).replacingOccurrences(of: "\\/", with: "/")
            }.joined(separator: "|"),
            commitmentPaths: paths.isEmpty ? "(none)" : paths.joined(separator: ", "))
        return Array(text(facts).utf8)
    }

    // lint: long (the text of the file, in two languages)
    static func text(_ f: Facts) -> String {
        """
        SANAD EXCERPT: SOME MESSAGES OF A SEALED CHAT, AND HOW TO CHECK THEM WITHOUT SANAD
        ==================================================================================
        Case:          \(f.caseID)
        Sealed at:     \(f.sealedAt) (UTC; the sealer's own claim, unless a timestamp proves it)
        Signer key:    SHA-256 fingerprint of the sealer's certificate
                       \(f.fingerprint)
        Disclosed:     \(f.summary)

        WHAT THIS IS
        The sealer put a chat into a sealed evidence archive and signed it. This excerpt carries only
        some of its messages: their exact bytes, as they stand in the sealed file, and for each chat a
        short mathematical proof (a Merkle inclusion proof) that ties them to what was signed. The rest
        of the chat stays with the sealer.

        Messages are numbered as Sanad's timeline numbers them: event 1 is the first message (or system
        line) of the file, event 2 the next, and so on. "Event 0" means whatever comes before event 1
        in the file; it is usually nothing.

        WHAT IT PROVES
        - The disclosed bytes are exact parts of the file the sealer sealed, at the places stated, byte
          for byte. If one byte were changed, the check would fail.
        - Which messages are withheld. The excerpt shows which numbers are disclosed and which are not.
          When the check says "events 120-131: consecutive", nothing was left out between them.
        - How long each withheld stretch is, in bytes, between two disclosed messages, because the
          messages, one after another, make up the whole file.
        - That the sealed records this excerpt carries were signed by the key with the fingerprint above,
          and have not changed since.

        WHAT IT DOES NOT PROVE
        - What the withheld messages say. They cannot be recovered from the excerpt, and a guess cannot
          be confirmed with it, not even a short one such as "ok": each message was mixed with a secret
          random value before it was hashed, and the excerpt does not carry the values of withheld ones.
        - That Sanad read the chat right. Who sent a message, when, and where one message ends and the
          next begins are Sanad's reading of the file. What is proven are the bytes: read them yourself
          in excerpt/*.bin.
        - Whose key signed. Compare the fingerprint with the one the sealer gave you (step 4).
        - When it was sealed. The time is the sealer's claim unless an independent timestamp proves it
          (step 6).
        - That the chat was authentic before it was collected.
        - The excerpt's own notes in excerpt/disclosure.json (recipient, reason, when it was made) are
          not signed: anyone could change them. Changing them changes nothing the proofs show.

        HOW TO CHECK IT
        Tools: unzip, python3, openssl, grep, sha256sum. Run the commands in a terminal.

        1. Unpack the excerpt, then enter its folder:
               unzip \(f.excerptName)
               cd \(f.caseID)

        2. Run the checker that comes with the excerpt. It needs Python 3 and openssl, nothing else:
               python3 verify_excerpt.py ../\(f.excerptName)
           The first line must be "VERIFIED", and every check line must begin with "PASS". It then says,
           for each chat, how many messages are disclosed, which ones follow each other with nothing
           left out, and which stretches are withheld and how long they are.
           The script is not signed, and running a program means trusting it: anyone who handled the
           excerpt could have changed it. Read it before you run it (it is under 200 lines), or run the
           copy published with Sanad's source code (Tools/verify_excerpt.py) instead.

        3. The seal is a CMS signature over tagmanifest-sha256.txt. Check it:
               openssl cms -verify -binary -inform DER -in signature/seal.p7s \\
                 -content tagmanifest-sha256.txt -CAfile signature/signer.pem -out /dev/null
           It must print "CMS Verification successful". This proves that the list of sealed records was
           signed by the key in signature/signer.pem and not changed since.

        4. To know WHOSE key it is, print its fingerprint:
               openssl x509 -in signature/signer.pem -noout -fingerprint -sha256
           Ignoring colons and upper or lower case, it must equal the fingerprint above, and the one the
           sealer gave you by another channel: in person, on paper, in a signed letter. A certificate's
           name alone proves nothing: anyone can make one in any name.

        5. The sealed records in this excerpt must match the signed list:
               grep -E '  (bagit\\.txt|bag-info\\.txt|\(f.commitmentsRegex))$' tagmanifest-sha256.txt | sha256sum -c
           It must print one line for each of bagit.txt, bag-info.txt and \(f.commitmentPaths), and every
           line must end in ": OK". (The list also names records of the archive that the excerpt does not
           carry; the grep leaves them out.)
           If the excerpt also holds whole files under data/:
               grep -E '  manifest-sha256\\.txt$' tagmanifest-sha256.txt | sha256sum -c
               sha256sum -c --ignore-missing manifest-sha256.txt
           Every line must end in ": OK".

        6. If signature/seal.tsr exists, the seal carries a timestamp from an independent authority
           (RFC 3161). Check it against that authority's CA certificate:
               openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s \\
                 -CAfile TSA-CA.pem -untrusted signature/tsa-chain.pem
           Without it, the sealing time is the sealer's word.

        The proofs themselves (step 2) are explained in Sanad's docs/FORMAT.md, sections 9 and 10, with
        a worked example, so that they can be recomputed by other means.


        مقتطف من «سند»: بعض رسائل محادثة مختومة، وكيف تتحقق منها دون برنامج «سند»
        =======================================================================
        القضية:          ⁨\(f.caseID)⁩
        وقت الختم:       ⁨\(f.sealedAt)⁩ (بالتوقيت العالمي المنسّق UTC؛ وهو قول الخاتم ما لم يثبته ختم زمني)
        مفتاح الخاتم:    البصمة SHA-256 لشهادة الخاتم
                         ⁨\(f.fingerprint)⁩
        المكشوف:         ⁨\(f.summaryArabic)⁩

        ما هذا المقتطف
        وضع الخاتم محادثةً في أرشيف أدلة مختوم ووقّعه توقيعًا رقميًا. لا يحمل هذا المقتطف إلا بعض
        رسائلها: بايتاتها نفسها كما هي في الملف المختوم، ومعها لكل محادثة برهان رياضي قصير
        (برهان انتماء في شجرة ميركل، Merkle inclusion proof)
        يربطها بما وُقّع. أما بقية المحادثة فتبقى عند الخاتم.

        تُرقَّم الرسائل كما يرقّمها الخط الزمني في «سند»: الحدث ١ هو أول رسالة (أو سطر من رسائل النظام)
        في الملف، والحدث ٢ الذي يليه، وهكذا. و«الحدث ٠» يعني ما يسبق الحدث ١ في الملف، وهو في الغالب
        لا شيء.

        ما الذي يثبته
        - أن البايتات المكشوفة أجزاء مطابقة تمامًا للملف الذي ختمه الخاتم، في المواضع المذكورة، بايتًا
          ببايت. لو تغيّر بايت واحد لفشل التحقق.
        - أيّ الرسائل محجوبة: يبيّن المقتطف الأرقام المكشوفة والأرقام المحجوبة. فإذا قال التحقق
          "events 120-131: consecutive" (أي إن الأحداث ١٢٠ إلى ١٣١ متتالية)، فلم يُحذف بينها شيء.
        - طول كل مقطع محجوب بين رسالتين مكشوفتين، بالبايت، لأن الرسائل، واحدة بعد الأخرى، تؤلّف
          الملف كله.
        - أن السجلات المختومة التي يحملها هذا المقتطف وُقّعت بالمفتاح صاحب البصمة المذكورة أعلاه،
          ولم تتغيّر بعد ذلك.

        ما الذي لا يثبته
        - مضمون الرسائل المحجوبة. لا يمكن استخراجها من المقتطف، ولا يمكن به تأكيد تخمينٍ لها، ولو
          كانت قصيرة مثل «ok»: فقد مُزجت كل رسالة بقيمة عشوائية سرية قبل حساب بصمتها،
          ولا يحمل المقتطف قيم الرسائل المحجوبة.
        - أن «سند» قرأ المحادثة قراءة صحيحة. فمَن أرسل الرسالة، ومتى، وأين تنتهي رسالة وتبدأ التي
          بعدها، كل ذلك قراءة البرنامج للملف. الثابت هو البايتات: اقرأها بنفسك في الملفات excerpt/*.bin.
        - صاحب المفتاح الذي وقّع. قارن البصمة بالبصمة التي أعطاك إياها الخاتم (الخطوة ٤).
        - وقت الختم. هو قول الخاتم، إلا إذا أثبته ختم زمني من جهة مستقلة (الخطوة ٦).
        - أن المحادثة كانت صحيحة أصيلة قبل جمعها.
        - ملاحظات المقتطف نفسه في excerpt/disclosure.json (المستلم، والسبب، ووقت إعداد المقتطف) غير موقّعة،
          ويستطيع أي أحد تغييرها. وتغييرها لا يغيّر شيئًا مما تثبته البراهين.

        كيف تتحقق منه
        الأدوات اللازمة: unzip و python3 و openssl و grep و sha256sum. نفّذ الأوامر في الطرفية كما هي.

        ١. فكّ المقتطف وادخل إلى مجلده:
               unzip ⁨\(f.excerptName)⁩
               cd ⁨\(f.caseID)⁩

        ٢. شغّل برنامج التحقق المرفق بالمقتطف. لا يحتاج إلا إلى Python 3 و openssl:
               python3 verify_excerpt.py ../⁨\(f.excerptName)⁩
           يجب أن يكون السطر الأول "VERIFIED"، وأن يبدأ كل سطر من أسطر الفحص بكلمة "PASS". ثم يذكر
           البرنامج لكل محادثة عدد الرسائل المكشوفة، وأيّها متتالية لم يُحذف بينها شيء، وأيّ المقاطع
           محجوبة وما طولها.
           هذا البرنامج غير موقّع، وتشغيل أي برنامج ائتمانٌ له: كان بوسع أي شخص تداول المقتطف أن يغيّره.
           اقرأه قبل تشغيله (أقل من ٢٠٠ سطر)، أو شغّل بدلًا منه النسخة المنشورة مع الشيفرة المصدرية
           لبرنامج «سند» (Tools/verify_excerpt.py).

        ٣. الختم توقيع رقمي بصيغة CMS على الملف tagmanifest-sha256.txt. تحقّق منه:
               openssl cms -verify -binary -inform DER -in signature/seal.p7s \\
                 -content tagmanifest-sha256.txt -CAfile signature/signer.pem -out /dev/null
           يجب أن تظهر عبارة "CMS Verification successful". هذا يثبت أن قائمة السجلات المختومة وُقّعت
           بالمفتاح الموجود في signature/signer.pem ولم تتغيّر بعد ذلك.

        ٤. لمعرفة صاحب المفتاح، اطبع بصمته:
               openssl x509 -in signature/signer.pem -noout -fingerprint -sha256
           بصرف النظر عن النقطتين (:) وعن حالة الأحرف، يجب أن تساوي البصمة المذكورة أعلاه، والبصمة التي
           أعطاك إياها الخاتم بطريق آخر: يدًا بيد، أو على الورق، أو في رسالة موقّعة. واسم صاحب الشهادة
           وحده لا يثبت شيئًا، فأي أحد يستطيع أن يصنع شهادة بأي اسم.

        ٥. يجب أن تطابق السجلات المختومة التي في هذا المقتطف القائمة الموقّعة:
               grep -E '  (bagit\\.txt|bag-info\\.txt|⁨\(f.commitmentsRegex)⁩)$' tagmanifest-sha256.txt | sha256sum -c
           يجب أن يطبع سطرًا واحدًا لكلٍّ من bagit.txt و bag-info.txt و ⁨\(f.commitmentPaths)⁩، وأن ينتهي كل
           سطر بعبارة ": OK". (تذكر القائمة أيضًا سجلات من الأرشيف لا يحملها المقتطف، والأمر grep
           يستبعدها.)
           وإذا كان المقتطف يحمل ملفات كاملة في المجلد data/:
               grep -E '  manifest-sha256\\.txt$' tagmanifest-sha256.txt | sha256sum -c
               sha256sum -c --ignore-missing manifest-sha256.txt
           يجب أن ينتهي كل سطر بعبارة ": OK".

        ٦. إذا وُجد الملف signature/seal.tsr، فالختم يحمل ختمًا زمنيًا من جهة مستقلة (RFC 3161). تحقّق
           منه بشهادة تلك الجهة:
               openssl ts -verify -in signature/seal.tsr -data signature/seal.p7s \\
                 -CAfile TSA-CA.pem -untrusted signature/tsa-chain.pem
           وإن لم يوجد، فوقت الختم هو ما يقوله الخاتم.

        البراهين نفسها (الخطوة ٢) مشروحة في وثيقة «سند» docs/FORMAT.md، في القسمين ٩ و١٠، مع مثال
        محسوب، لكي يمكن إعادة حسابها بوسائل أخرى.

        """
    }
}
