import ScribeGrade

/// libFuzzer target: notes input (see `FuzzEntryPoints.Target.notes` for what it reads and checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(.notes, data, size)
}
