import Foundation
import ScribeGrade
import ScribeGradeStore

extension StoreError {
    /// One sentence naming the file and what to do; never SQL or stored content.
    var diagnostic: Diagnostic {
        let message: String
        switch reason {
        case .full:
            message = "the disk holding the run database is full; free space and run the same command again (nothing stored was lost, and a run resumes where it stopped)"
        case .readOnly:
            message = "the run database is read-only; make the file and its directory writable, or pass --store with a writable path (report and runs read it as it is)"
        case .cannotOpen:
            message = "cannot open the run database; check that the file and its directory exist and are readable (and writable for commands that grade), or pass --store"
        case .damaged:
            message = "not a ScribeGrade run database, or it is damaged; pass --store with the right file, or move this one aside to start a new database"
        case .busy:
            message = "the run database stayed locked by another process; run the same command again when that process has finished"
        case .io:
            message = "reading or writing the run database failed (disk I/O error); check the disk and run the same command again (nothing committed was lost)"
        }
        return .error(message, at: SourceLocation(file: path))
    }
}
