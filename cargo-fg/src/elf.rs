//! Whether a built executable is what FunctionGraph can run: an x86-64 ELF without a dynamic
//! interpreter (`PT_INTERP`), so that it starts whatever glibc the platform has. Reads the ELF
//! header and program headers directly; the format is small and fixed (System V gABI).

/// How an executable is linked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Linkage {
    /// No program interpreter: the kernel runs it as is (static or static-pie).
    Static,
    /// Needs this dynamic loader, and the shared libraries of the machine it was built on.
    Dynamic { interpreter: String },
}

const PT_INTERP: u32 = 3;
const EM_X86_64: u16 = 62;

/// Reads the linkage of an ELF64 little-endian x86-64 executable.
pub(crate) fn linkage(bytes: &[u8]) -> Result<Linkage, String> {
    if bytes.get(..4) != Some(b"\x7fELF") {
        return Err("not an ELF file".into());
    }
    if bytes.get(4) != Some(&2) || bytes.get(5) != Some(&1) {
        return Err("not a 64-bit little-endian ELF file".into());
    }
    let machine = u16_at(bytes, 18)?;
    if machine != EM_X86_64 {
        return Err(format!(
            "built for ELF machine {machine}, not x86-64 ({EM_X86_64})"
        ));
    }
    let phoff =
        usize::try_from(u64_at(bytes, 32)?).map_err(|_| "program header offset too large")?;
    let phentsize = usize::from(u16_at(bytes, 54)?);
    let phnum = usize::from(u16_at(bytes, 56)?);
    for index in 0..phnum {
        let header = phoff + index * phentsize;
        if u32_at(bytes, header)? == PT_INTERP {
            let offset =
                usize::try_from(u64_at(bytes, header + 8)?).map_err(|_| "bad PT_INTERP")?;
            let size = usize::try_from(u64_at(bytes, header + 32)?).map_err(|_| "bad PT_INTERP")?;
            let raw = bytes
                .get(offset..offset + size)
                .ok_or("PT_INTERP points outside the file")?;
            let interpreter = String::from_utf8_lossy(raw)
                .trim_end_matches('\0')
                .to_owned();
            return Ok(Linkage::Dynamic { interpreter });
        }
    }
    Ok(Linkage::Static)
}

fn u16_at(bytes: &[u8], at: usize) -> Result<u16, String> {
    Ok(u16::from_le_bytes(field(bytes, at)?))
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, String> {
    Ok(u32::from_le_bytes(field(bytes, at)?))
}

fn u64_at(bytes: &[u8], at: usize) -> Result<u64, String> {
    Ok(u64::from_le_bytes(field(bytes, at)?))
}

fn field<const N: usize>(bytes: &[u8], at: usize) -> Result<[u8; N], String> {
    bytes
        .get(at..at + N)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "truncated ELF file".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_test_binary_is_read() {
        // The test binary is a normal (dynamically linked) build of the host target, or a static
        // one when RUSTFLAGS ask for it: either way it must parse.
        let bytes = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        assert!(linkage(&bytes).is_ok());
    }

    #[test]
    fn rejects_what_is_not_an_x86_64_elf() {
        assert_eq!(linkage(b"#!/bin/sh\n"), Err("not an ELF file".into()));
        assert_eq!(
            linkage(b"\x7fELF\x02\x01"),
            Err("truncated ELF file".into())
        );
    }
}
