/// Chooses the tag that delimits data blocks (`<note_TAG>…</note_TAG>`) so that the blocks'
/// own content cannot close them: the tag is a hash-derived string that occurs in none of the
/// texts, compared case-insensitively.
///
/// The choice is deterministic in the texts, so every criterion of one note gets the same tag
/// and the rendered prefix stays byte-identical.
public enum DataBlockTag {
    public static func choose(for texts: [String]) -> String {
        var seed = ContentHasher()
        for text in texts { seed.add(text) }
        var digest = seed.hexDigest()
        var attempt = 0
        while true {
            // Twelve hex digits; start with a letter so it reads as a tag name.
            let tag = "d" + String(digest.prefix(11))
            let needle = Array(tag.utf8)
            if !texts.contains(where: { ByteSearch.containsIgnoringASCIICase($0, needle) }) { return tag }
            attempt += 1
            digest = ContentHasher.hex(digest + String(attempt))
        }
    }
}
