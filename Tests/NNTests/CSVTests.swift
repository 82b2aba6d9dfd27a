import Testing
import NN
import TensorEngine

/// CSV as RFC 4180 writes it, read into numbers with errors that name the line and column.
@Suite struct CSVTests {
    @Test func quotedFieldsLineEndingsAndBlankLines() throws {
        let text = "name,\"value, with comma\"\r\n\"a \"\"quoted\"\" one\",1.5\n\n\"two\nlines\",2\n"
        let table = try CSV.parse(text, header: true, source: "t.csv")
        #expect(table.names == ["name", "value, with comma"])
        #expect(table.rows.map { $0.map(String.init) } == [["a \"quoted\" one", "1.5"], ["two\nlines", "2"]])
        #expect(table.lines == [2, 4])
        #expect(try CSV.numbers(table, columns: [1], source: "t.csv").values == [1.5, 2])
    }

    @Test func semicolonsAndNoHeader() throws {
        let table = try CSV.parse("1;2\n3;4", delimiter: ";", header: false, source: "s.csv")
        #expect(table.names == nil)
        #expect(try CSV.numbers(table, columns: [0, 1], source: "s.csv").shape == [2, 2])
    }

    @Test func errorsNameTheLineAndColumn() throws {
        #expect { try CSV.parse("a,b\n1,2\n3\n", header: true, source: "r.csv") } throws: { error in
            "\(error)".contains("r.csv, line 3: 1 field, where the first row has 2")
        }
        #expect { try CSV.parse("a\n\"open\n", header: true, source: "q.csv") } throws: { error in
            "\(error)".contains("a quoted field is not closed")
        }
        let table = try CSV.parse("x,y\n1,2\n3,abc\n", header: true, source: "b.csv")
        #expect { try CSV.numbers(table, columns: [0, 1], source: "b.csv") } throws: { error in
            "\(error)".contains("b.csv, line 3, column 2 (y): \"abc\" is not a number")
        }
        #expect(throws: TensorError.self) { try CSV.parse("a,b\n1,x\"y\n", header: true, source: "u.csv") }
    }
}
