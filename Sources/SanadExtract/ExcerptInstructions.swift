import Foundation
import SanadCrypto
import SanadFormat
import SanadModel

/// `VERIFY-EXCERPT.txt`: how to check an excerpt without Sanad, in English then Arabic, with
/// the case's own values filled in (docs/FORMAT.md §10).
public enum ExcerptInstructions {
    public static let fileName = "VERIFY-EXCERPT.txt"

    static func text(archive: ArchiveItems, disclosure: ExcerptDisclosure) -> [UInt8] {
        let info = archive.verification
        let fp = info.signerFingerprint.map(Certificate.formatFingerprint) ?? "(unknown)"
        let counts = disclosure.exhibits.map { "\($0.exhibit): \($0.leaves.count)" }.joined(separator: ", ")
        let items = disclosure.items.map(\.exhibit).joined(separator: ", ")
        return Array(
            text(
                caseID: info.caseID ?? "", sealedAt: info.sealedAt ?? "", signer: info.signer ?? "", fingerprint: fp,
                counts: counts, items: items
            ).utf8)
    }

    static func text(
        caseID: String, sealedAt: String, signer: String, fingerprint: String, counts: String, items: String
    ) -> String {
        """
        EXCERPT OF A SEALED EVIDENCE ARCHIVE — case \(caseID)

        This excerpt holds a few events (messages) of chat exports sealed by \(signer) at \(sealedAt),
        with proof that each is an exact, unaltered part of the sealed original. Disclosed events by
        exhibit: \(counts.isEmpty ? "none" : counts).\(items.isEmpty ? "" : " Whole files: \(items).")

        What it proves: the bytes under excerpt/ are exactly the bytes at the stated positions of
        the file the sealer sealed; where events are consecutive, nothing between them was left
        out; how many events each chat has and where the withheld stretches lie.
        What it does not prove: what the withheld events say; who is behind a name or number in a
        chat; that the sealer's reading of sender and time is right (that reading is Sanad's; the
        bytes are what is proven).

        Check it without Sanad (tools: unzip, python3, openssl, sha256sum), from the folder that
        holds bagit.txt after unzipping:
        1. python3 verify_excerpt.py .
           It must end with "VERIFIED". It checks the signature, the digests of the sealed files
           and every inclusion proof (read it first: it is short and uses no network).
        2. The seal by hand:
               openssl cms -verify -binary -inform DER -in signature/seal.p7s \\
                 -content tagmanifest-sha256.txt -CAfile signature/signer.pem -out /dev/null
           must print "CMS Verification successful". Then compare
               openssl x509 -in signature/signer.pem -noout -fingerprint -sha256
           with the sealer's fingerprint obtained by another channel: \(fingerprint)
        3. The sealed files this excerpt carries are listed in tagmanifest-sha256.txt:
               grep -E ' (bagit.txt|bag-info.txt|sanad/commitments/.*)$' tagmanifest-sha256.txt | sha256sum -c
           Every line must say OK.

        ────────────────────────────────────────────────────────────────────────────

        مقتطف من أرشيف أدلة مختوم — القضية \u{2068}\(caseID)\u{2069}

        يحتوي هذا المقتطف على بعض الأحداث (الرسائل) من محادثات ختمها \u{2068}\(signer)\u{2069} في
        \u{2068}\(sealedAt)\u{2069}، مع دليل على أن كل حدث منها جزء مطابق وغير معدَّل من الأصل المختوم.

        ما يثبته: أن البايتات الموجودة في المجلد excerpt/ هي بالضبط البايتات الموجودة في المواضع
        المذكورة من الملف الذي خُتم؛ وأن الأحداث المتتالية لم يُحذف بينها شيء؛ وعدد أحداث كل محادثة
        ومواضع الأجزاء المحجوبة.
        ما لا يثبته: مضمون الأحداث المحجوبة؛ ولا هوية صاحب الاسم أو الرقم في المحادثة؛ ولا صحة قراءة
        البرنامج للمرسل والوقت (تلك قراءة Sanad، أما الذي ثبت فهو البايتات نفسها).

        للتحقق من دون Sanad (الأدوات: unzip و python3 و openssl و sha256sum)، من المجلد الذي يحتوي
        bagit.txt بعد فك الضغط:
        ١. نفّذ: python3 verify_excerpt.py .
           يجب أن تنتهي النتيجة بكلمة VERIFIED.
        ٢. تحقّق من الختم بالأمر openssl cms -verify المذكور أعلاه في الخطوة 2، ثم قارن بصمة
           الشهادة ببصمة الخاتم التي حصلت عليها بطريق آخر: \u{2068}\(fingerprint)\u{2069}
        ٣. تحقّق من الملفات المختومة بالأمر grep ... | sha256sum -c المذكور في الخطوة 3، ويجب أن
           يظهر OK لكل سطر.

        """
    }
}
