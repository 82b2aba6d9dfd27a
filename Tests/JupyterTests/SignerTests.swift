import Jupyter
import Testing

@Suite struct SignerTests {
    /// RFC 4231, test case 2.
    @Test func matchesTheKnownHMACSHA256Vector() throws {
        let signer = try Signer(scheme: "hmac-sha256", key: "Jefe")
        let signature = signer.signature(of: [Array("what do ya want ".utf8), Array("for nothing?".utf8)])
        #expect(String(decoding: signature, as: UTF8.self) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 2202 (SHA-1) and RFC 4231 (SHA-512), test case 2.
    @Test func honoursOtherSchemes() throws {
        let message = [Array("what do ya want for nothing?".utf8)]
        let sha1 = try Signer(scheme: "hmac-sha1", key: "Jefe").signature(of: message)
        #expect(String(decoding: sha1, as: UTF8.self) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        let sha512 = try Signer(scheme: "hmac-sha512", key: "Jefe").signature(of: message)
        #expect(String(decoding: sha512, as: UTF8.self).hasPrefix("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"))
        #expect(throws: WireError.unsupportedScheme("hmac-md5")) { try Signer(scheme: "hmac-md5", key: "k") }
    }

    @Test func verifiesAndRejectsTampering() throws {
        let signer = try Signer(scheme: "hmac-sha256", key: "key")
        let parts = [Array("header".utf8), Array("{}".utf8)]
        let good = signer.signature(of: parts)
        #expect(signer.verify(good, of: parts))
        for index in good.indices {
            var bad = good
            bad[index] = bad[index] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(!signer.verify(bad, of: parts))
        }
        #expect(!signer.verify(Array(good.dropLast()), of: parts))
        #expect(!signer.verify([], of: parts))
        #expect(!signer.verify(good, of: [Array("header".utf8), Array("{ }".utf8)]))
    }

    @Test func constantTimeCompare() {
        #expect(Signer.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Signer.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Signer.constantTimeEqual([9, 2, 3], [1, 2, 3]))
        #expect(!Signer.constantTimeEqual([1, 2], [1, 2, 3]))
        #expect(Signer.constantTimeEqual([], []))
    }

    @Test func emptyKeyMeansNoSigning() throws {
        let signer = try Signer(scheme: "hmac-sha256", key: "")
        #expect(!signer.isSigning)
        #expect(signer.signature(of: [[1, 2]]) == [])
        #expect(signer.verify(Array("anything".utf8), of: [[1, 2]]))
    }
}
