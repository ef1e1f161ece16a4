import ScribeGrade

/// libFuzzer target: json input (see `FuzzEntryPoints.Target.json` for what it reads and checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(.json, data, size)
}
