import Dispatch
import Foundation
import ScribeGrade

/// Ctrl-C during a run: the first SIGINT asks the run to stop (no new requests, those in flight
/// finish and are committed), the second quits at once with status 130.
///
/// While installed, SIGINT's default action (kill the process) is replaced by a dispatch source;
/// `uninstall` restores it.
final class InterruptSignal {
    let interruption = RunInterruption()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let interruption = interruption
        source.setEventHandler {
            if interruption.request() {
                Terminal.status("interrupted: asking nothing more; waiting for the requests in flight and storing their answers (Ctrl-C again to quit at once)", final: true)
            } else {
                Terminal.status("interrupted again: quitting now; answers still in flight are lost, everything stored is kept", final: true)
                _exit(ExitStatus.interrupted)
            }
        }
        source.resume()
    }

    /// Stops listening and gives SIGINT back its default action.
    func uninstall() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
