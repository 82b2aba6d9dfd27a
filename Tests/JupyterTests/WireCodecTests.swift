import Jupyter
import Testing

@Suite struct WireCodecTests {
    let codec = WireCodec(signer: try! Signer(scheme: "hmac-sha256", key: "a0436f6c-1916-498b-8eb9-e81ab9368e84"))

    func sample() -> Message {
        let parent = MessageHeader(messageID: "p1", session: "s0", username: "u", date: "2025-01-01T00:00:00.000000Z",
                                   messageType: "execute_request", extra: ["subshell_id": nil])
        return Message(
            identities: [Array("client-1".utf8), [0, 1, 2]],
            header: MessageHeader(session: "s1", messageType: "execute_reply"), parentHeader: parent,
            metadata: ["started": "now"], content: ["status": "ok", "execution_count": 3, "text": "é\n"],
            buffers: [[0xFF, 0x00], []])
    }

    @Test func roundTrips() throws {
        let message = sample()
        let frames = codec.encode(message)
        #expect(frames[2] == WireCodec.delimiter)
        #expect(frames.count == 2 + 1 + 1 + 4 + 2)
        #expect(try codec.decode(frames) == message)
    }

    @Test func signsTheFourJSONParts() throws {
        let frames = codec.encode(sample())
        #expect(frames[3] == codec.signer.signature(of: Array(frames[4..<8])))
        #expect(frames[3].count == 64)
    }

    @Test func rejectsABadSignature() {
        var frames = codec.encode(sample())
        frames[3][0] = frames[3][0] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(throws: WireError.badSignature) { try codec.decode(frames) }

        var changedContent = codec.encode(sample())
        changedContent[7] = Array(#"{"status":"error"}"#.utf8)
        #expect(throws: WireError.badSignature) { try codec.decode(changedContent) }

        let otherKey = WireCodec(signer: try! Signer(scheme: "hmac-sha256", key: "other"))
        #expect(throws: WireError.badSignature) { try otherKey.decode(codec.encode(sample())) }
    }

    @Test func rejectsMalformedFrames() {
        #expect(throws: WireError.self) { try codec.decode([]) }
        #expect(throws: WireError.self) { try codec.decode([Array("id".utf8), WireCodec.delimiter, []]) }
        let parts: [[UInt8]] = [Array("[]".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        #expect(throws: WireError.self) { try codec.decode([WireCodec.delimiter, codec.signer.signature(of: parts)] + parts) }
    }

    @Test func emptyParentDecodesAsNil() throws {
        var message = sample()
        message.parentHeader = nil
        let frames = codec.encode(message)
        #expect(frames[5] == Array("{}".utf8))
        #expect(try codec.decode(frames).parentHeader == nil)
    }

    @Test func headersCarryProtocolVersionAndZonedDates() {
        let header = MessageFactory(session: "s").header("status")
        #expect(header.version == "5.3")
        #expect(header.date.hasSuffix("Z"))
        #expect(header.date.count == "2025-01-01T00:00:00.000000Z".count)
        #expect(header.messageID.count == 36)
        #expect(Timestamp.format(seconds: 1_700_000_000, microseconds: 42) == "2023-11-14T22:13:20.000042Z")
        #expect(MessageFactory.replyType(for: "execute_request") == "execute_reply")
    }
}
