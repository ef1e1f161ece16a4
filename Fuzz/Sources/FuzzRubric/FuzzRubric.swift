import ScribeGrade

/// libFuzzer target: rubric input (see `FuzzEntryPoints.Target.rubric` for what it reads and checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(.rubric, data, size)
}
