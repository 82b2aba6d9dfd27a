import NN
import Script

/// Text files: reading a file as a string, and finding the files that ship in `data/`.
extension Library {
    static func textFiles() -> Library {
        var lib = Library()
        lib.add("readText", ["path"], "the contents of a UTF-8 text file as a string.") { a, _ in
            let path = try Convert.path(try a.value("path"), "readText")
            let bytes = try FileIO.read(path)
            let text = String(decoding: bytes, as: UTF8.self)
            // Decoding replaces invalid sequences with U+FFFD; a round trip that changes the bytes exposes them.
            guard text.utf8.elementsEqual(bytes) else {
                throw ScriptError("ValueError", "readText: '\(path)' is not UTF-8 text")
            }
            return .string(text)
        }
        lib.add("dataFile", ["name"],
                "the path of a file shipped in Soma's data/ folder (SOMA_DATA_DIR names another folder), e.g. readText(dataFile(\"tiny-tales.txt\")).") { a, _ in
            .string(try DataFiles.locate(try Convert.path(try a.value("name"), "dataFile")))
        }
        return lib
    }
}
