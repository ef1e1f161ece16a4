import ScribeGrade

/// libFuzzer target: transcript input (see `FuzzEntryPoints.Target.transcript` for what it reads and checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(.transcript, data, size)
}
