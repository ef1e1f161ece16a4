import ScribeGrade

/// libFuzzer target: ratings input (see `FuzzEntryPoints.Target.ratings` for what it reads and checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzEntryPoints.fuzz(.ratings, data, size)
}
