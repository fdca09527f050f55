#if canImport(Glibc)
import Glibc
#endif

/// Who must release a page's memory. Recorded when the memory is mapped and never changed:
/// deciding ownership from a page's size is exactly how Ghostty leaked non-standard pages.
public enum PageOwner: Equatable, Sendable {
    /// A standard-size mapping from the `PagePool`; may be recycled.
    case pool
    /// A mapping of its own (a grown, non-standard page); always unmapped when released.
    case heap
}

/// One anonymous private mapping: where it is, its true length and who owns it.
///
/// All three are `let`: re-initialising the page that lives in it (with any layout) cannot
/// change them, so the release path always unmaps the length that was mapped.
@usableFromInline
struct Allocation {
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let length: Int
    let owner: PageOwner
}

/// The syscalls behind page memory. mmap (not malloc) so that releasing a page lowers the
/// process's resident size, which is what users see.
enum SystemMemory {
    static let pageSize: Int = Int(sysconf(Int32(_SC_PAGESIZE)))

    static func roundUpToPages(_ bytes: Int) -> Int {
        let p = pageSize
        return (bytes + p - 1) / p * p
    }

    /// Maps `length` zeroed bytes. Running out of address space is not recoverable here, so it
    /// stops the process with the errno and the call that failed.
    static func map(length: Int) -> UnsafeMutableRawPointer {
        precondition(length > 0 && length % pageSize == 0)
        let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let raw, raw != MAP_FAILED else {
            fatalError("mmap(length: \(length)) failed: errno \(errno) (\(String(cString: strerror(errno))))")
        }
        return raw
    }

    static func unmap(_ base: UnsafeMutableRawPointer, length: Int) {
        if munmap(base, length) != 0 {
            fatalError("munmap(length: \(length)) failed: errno \(errno) (\(String(cString: strerror(errno))))")
        }
    }

    /// Zeroes a private anonymous mapping and gives its physical pages back to the kernel
    /// (MADV_DONTNEED: the next touch maps fresh zero pages), so a pooled page costs no RSS.
    static func discardContents(_ base: UnsafeMutableRawPointer, length: Int) {
        if madvise(base, length, MADV_DONTNEED) != 0 {
            // Not fatal: zero it by hand; it then stays resident but reads the same.
            base.initializeMemory(as: UInt8.self, repeating: 0, count: length)
        }
    }
}
