import Foundation
import StagedFiles
import Testing

@Suite struct StagedOutputTests {
    /// Pieces are written on another thread, in the order they were handed on; a maker that fails
    /// part way leaves neither the file nor a staging file beside it.
    @Test func piecesLandInOrderOrNotAtAll() throws {
        let folder = try TestSupport.temporaryFolder()
        let target = folder.appendingPathComponent("out.json")
        let pieces = (0..<40).map { index in [UInt8](repeating: UInt8(index), count: 100_000 + index) }
        try StagedOutput.write(to: target, pieces: { write in
            for piece in pieces { try write(piece) }
        })
        #expect(try Data(contentsOf: target) == Data(pieces.joined()))

        struct Broken: Error {}
        let failed = folder.appendingPathComponent("failed.json")
        #expect(throws: Broken.self) {
            try StagedOutput.write(to: failed, pieces: { write in
                try write(pieces[0])
                throw Broken()
            })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])
    }
}
