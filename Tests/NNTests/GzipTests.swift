import CZlib
import Foundation
import NN
import TensorEngine
import Testing

/// gzip files written by Python's `gzip` module, read through zlib: every block type, headers with a
/// name, concatenated members, and the errors of corrupt or truncated files.
@Suite struct GzipTests {
    /// `gzip.compress(b"Soma stores this uncompressed.\n", compresslevel=0, mtime=0)`: one stored block.
    static let stored = "H4sIAAAAAAAEAwEfAOD/U29tYSBzdG9yZXMgdGhpcyB1bmNvbXByZXNzZWQuCmJdPmsfAAAA"
    /// `gzip.compress(b"hello hello hello hello, soma!\n", compresslevel=9, mtime=0)`: a fixed-Huffman block.
    static let fixed = "H4sIAAAAAAACA8tIzcnJV8hAJ3UUivNzExW5APrc7gcfAAAA"
    /// `gzip.compress(text, 9, mtime=0)` of `dynamicText`: a dynamic-Huffman block.
    static let dynamic = """
        H4sIAAAAAAACA02WQRIsKQhE93OKPoKgovZ9ZjERP/79l0PakrCjqigTEZ78+e/vv5/2/bR//sCS70d+ln4/42f17+f8rOFf7WfO70fnz7Tvp7+3y396vvv7sbfA+X72W1Vcqj/TtfR5CNTWs11v6bNdMUxX7LGKS1q8d83zIhEX7bG8q663K3VVef7qsvP5qMueF7q67HjhqMueyIPrjvB33RM+rjtjfdfdz3RZe+F0l9W3q+6y+/l0l52RXJfVF1p32f3S113WXggdGY41XVbiPWRf+B26zx6uO57WcN3+1h+uK/HedcMdu307HC67n9Rw2RUn77Ir3rvsCv+T9mzpMyX/nZprzp5aczCEOTOyaRnxXLmTuXOH8+TOrWVGTDJTpplB65lZG5lxm3kSZnlCtvLkbOeJ2uFBr5bnvyTrYmnWy+pZR2tkfa2Zdbcs63GtrNO1s37XybreLet9S/bB1uyP3dk2e2Q37Zldti27by825d7Zq/uUFm7Z2Uey4Y8mB05PPJxBaJxJkhwjXs4ic87Ot4e+0hqXkCa5tLSiKa1nMNJGRiltZvjSrDIo9yttFwq1UzAEVJFDF1Zhl0wLaEUUAVdk0QUWWWd5miLlmAXMmnQ7WRgCag0CUrKUREuNCcB16DayKgXo2mFbVrFoKW+58KLbyYaQy6+I8wIscttLbwkQFk0nYJjwy8w2FVDM+FAaW8CxTp2TKBCQLH4ByQIdMgpTBCwL2AhotvhlJp7k8owPq7rtusApS4NpFAXUIppZWCqgGjcArHFrABs3DbIxHbOAXMA2phBwY3JBN6YdeOOBWLlF5AIuRC/h4niBOB78ZVzY5QITQI5FBMqxvMA5Fh5Ax5Jc5fYUoI5lDNaxwAE7lj5ox6ZY9eoG7/JOP6XFQLz4AOKxKXedGi7zIjRQL1RAPbY+sEco7DKuCMhHkAB9RAzYR/gAfvHLyRlJLvzCHjlPgX58b8V/lXV2FSjSCgZGUAoIRrgKCMZGFBCMLWrLvSsYqPSyTJeCgZFIvRAMu6RewUDj4CR5XHohGDJ3ZItZSEYdtmaZtgBBjluAIOctQJADl5TyU0CQI9ed3UIHEIyhCwyMIlct5a+XgXSzbBm9EIw4LwQjt1oaUAHBaE0FBIVfNNtZAUHjQ0GAAoIBBwUEhV8WeaJgYIBGe0GQgoEBJwUEF79oAk0vBPkwqtusC1hdehVRQDCiGQXCCgZyA2AgtwYIctOAINMxyzWggCBTCAgyuYAg0w4I8kBmuYj0QjBELwTjeO+QF0tfCIZdLkIFA1lEYGAO9KsUHiDIkrRyFesd9uIfQJAFDgiy9AFBNsUqw4ACgmykC8EQBQT5YZemXGUY0cvACA0QDBUwkK0PBhIKuwxDCggSJHf2i8gAQeGXTSrpzllMLwLDFtJNQUC+78U/xz+9BAyBU6XBQAYFCDLc8xs9/wfYP5pVnQ4AAA==
        """
    /// A file named `named.txt` in its header (FNAME), holding `named file\n`.
    static let named = "H4sICAAAAAAC/25hbWVkLnR4dADLS8xNTVFIy8xJ5QIArLi88wsAAAA="

    static let dynamicText = (0..<300).map { "line \($0): \($0 * $0 % 97)\n" }.joined()

    func bytes(_ base64: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: base64.filter { !$0.isWhitespace })!)
    }

    func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    @Test func storedBlock() throws {
        #expect(text(try Gzip.decompress(bytes(Self.stored))) == "Soma stores this uncompressed.\n")
    }

    @Test func fixedHuffmanBlock() throws {
        #expect(text(try Gzip.decompress(bytes(Self.fixed))) == "hello hello hello hello, soma!\n")
    }

    @Test func dynamicHuffmanBlock() throws {
        let out = try Gzip.decompress(bytes(Self.dynamic))
        #expect(out.count == Self.dynamicText.utf8.count)
        #expect(text(out) == Self.dynamicText)
    }

    @Test func headerWithAFileName() throws {
        #expect(text(try Gzip.decompress(bytes(Self.named))) == "named file\n")
    }

    @Test func headerWithEveryOptionalField() throws {
        // The fixed-Huffman member with FEXTRA, FNAME, FCOMMENT and FHCRC fields spliced into its header.
        let plain = bytes(Self.fixed)
        var header = Array(plain[0..<10])
        header[3] = 0x04 | 0x08 | 0x10 | 0x02
        header += [3, 0, 0xAA, 0xBB, 0xCC]          // FEXTRA: length 3, then 3 bytes
        header += Array("x.txt".utf8) + [0]          // FNAME
        header += Array("a comment".utf8) + [0]      // FCOMMENT
        // FHCRC: the low 16 bits of the CRC-32 of the header before it.
        let crc = header.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        let file = header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + plain[10...]
        #expect(text(try Gzip.decompress(file)) == "hello hello hello hello, soma!\n")
        var wrong = file
        wrong[header.count] ^= 0xFF
        #expect(throws: TensorError.self) { try Gzip.decompress(wrong) }
    }

    @Test func concatenatedMembersAreJoined() throws {
        let file = bytes(Self.stored) + bytes(Self.fixed) + [0, 0, 0]
        #expect(text(try Gzip.decompress(file)) == "Soma stores this uncompressed.\nhello hello hello hello, soma!\n")
    }

    @Test func corruptFilesAreValueErrors() throws {
        let good = bytes(Self.dynamic)
        var badCRC = good
        badCRC[good.count - 6] ^= 0xFF
        #expect(throws: TensorError.self) { try Gzip.decompress(badCRC) }
        do {
            _ = try Gzip.decompress(badCRC)
        } catch let e as TensorError {
            #expect(e.kind == .value)
            #expect(e.message.contains("incorrect data check"), "\(e.message)")
        }
        var badLength = good
        badLength[good.count - 1] ^= 0x01
        #expect(throws: TensorError.self) { try Gzip.decompress(badLength) }
        #expect(throws: TensorError.self) { try Gzip.decompress(Array(good[0..<(good.count / 2)])) }
        #expect(throws: TensorError.self) { try Gzip.decompress(Array("plain text".utf8)) }
        #expect(throws: TensorError.self) { try Gzip.decompress([]) }
        // A reserved block type (BFINAL=1, BTYPE=11) after a valid header.
        #expect(throws: TensorError.self) { try Gzip.decompress(Array(good[0..<10]) + [0x07, 0, 0]) }
    }

    @Test func outputLimitIsAMemoryError() throws {
        do {
            _ = try Gzip.decompress(bytes(Self.dynamic), limit: 100)
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .memory)
        }
    }

    @Test func theDigitsFile() throws {
        let path = try DataFiles.locate("digits.csv.gz")
        let out = try Gzip.decompress(try FileIO.read(path))
        // Length and CRC-32 of the decompressed file, from Python's gzip and zlib.crc32.
        #expect(out.count == 264_712)
        #expect(out.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) } == 784_219_063)
        let lines = text(out).split(separator: "\n")
        #expect(lines.count == 1797)
        #expect(lines.allSatisfy { $0.split(separator: ",").count == 65 })
    }
}
