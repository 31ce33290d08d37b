#!/usr/bin/python3
"""Runs Jebo's own cleaners (`jebo clean-worker`) and mat2 on the same small corpus, one file at a time, and prints
what each left behind, how long it took and how it ended (docs/cleaning.md). Makes its corpus in a private tmpfs folder
and deletes it. Needs Debian's python3-gi-cairo (pulled in by mat2), mat2, bubblewrap and libimage-exiftool-perl.

    dotnet build src/Jebo -c Release
    bench/compare-cleaners.py src/Jebo/bin/Release/net10.0/jebo.dll
"""
import json, os, shutil, struct, subprocess, sys, tempfile, time, zipfile

JEBO = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "src/Jebo/bin/Release/net10.0/jebo.dll")
KINDS = {"jpg": 0, "png": 1, "mp4": 3, "pdf": 5, "docx": 7, "mp3": 8, "amr": 9}  # AttachmentKind's numbers
MARKERS = [b"secret-", b"SecretCam", b"+37.5665+126.9780"]
TAGS = ["GPSLatitude", "GPSPosition", "Make", "Model", "SerialNumber", "Author", "Creator", "Title", "Artist",
        "Comment", "UserComment", "LastModifiedBy", "Producer"]


def box(kind, *parts):
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def corpus(folder):
    import gi
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf
    import cairo
    files = {}
    pb = GdkPixbuf.Pixbuf.new(GdkPixbuf.Colorspace.RGB, False, 8, 640, 480)
    pb.fill(0x3366ccff)
    pb.savev(f"{folder}/photo.jpg", "jpeg", ["quality"], ["90"])
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=37.5665", "-GPSLatitudeRef=N",
                    "-GPSLongitude=126.978", "-GPSLongitudeRef=E", "-Make=SecretCamMake", "-Model=SecretCam X1",
                    "-SerialNumber=secret-serial-0042", "-Comment=secret-comment", "-XMP:Creator=secret-xmp",
                    f"{folder}/photo.jpg"], check=True)
    files["photo.jpg"] = "jpg"
    ftyp = box(b"ftyp", b"isom", b"\0\0\0\0", b"isom", b"mp42")
    mvhd = box(b"mvhd", b"\0\0\0\0", b"\x10\x7a\x2b\xe3" * 2, b"\0" * 88)
    udta = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", 18, 0x15c7), b"+37.5665+126.9780/"),
               box(b"\xa9mak", struct.pack(">HH", 13, 0), b"SecretCamMake"))
    open(f"{folder}/video.mp4", "wb").write(ftyp + box(b"moov", mvhd, udta) + box(b"free", b"secret-free-gps +37.5665+126.9780")
                                            + box(b"mdat", b"\0" * 4096))
    files["video.mp4"] = "mp4"
    deep = b""
    for _ in range(30000):
        deep = box(b"trak", deep)
    open(f"{folder}/deep-nesting.mp4", "wb").write(ftyp + box(b"moov", mvhd, deep))
    files["deep-nesting.mp4"] = "mp4"
    stsz = box(b"stsz", b"\0\0\0\0", struct.pack(">II", 0, 250000), b"\0\0\0\x10" * 250000)
    meta_track = box(b"trak", box(b"mdia", box(b"hdlr", b"\0" * 8, b"meta", b"\0" * 13), box(b"minf", box(b"stbl", stsz))))
    open(f"{folder}/huge-table.mp4", "wb").write(ftyp + box(b"moov", mvhd, meta_track) + box(b"mdat", b"\0" * 1024))
    files["huge-table.mp4"] = "mp4"
    surface = cairo.PDFSurface(f"{folder}/report.pdf", 595, 842)
    surface.set_metadata(cairo.PDFMetadata.AUTHOR, "secret-author")
    surface.set_metadata(cairo.PDFMetadata.TITLE, "secret-title")
    context = cairo.Context(surface)
    context.set_font_size(24)
    for page in range(3):
        context.move_to(50, 100)
        context.show_text(f"Report page {page + 1}")
        context.show_page()
    surface.finish()
    files["report.pdf"] = "pdf"
    huge = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    open(f"{folder}/huge-page.pdf", "wb").write(huge)
    files["huge-page.pdf"] = "pdf"
    with zipfile.ZipFile(f"{folder}/statement.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:ins w:id="1" w:author="secret-reviser"><w:r><w:t>text</w:t></w:r></w:ins></w:p></w:body></w:document>')
        z.writestr("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>secret-creator</dc:creator></cp:coreProperties>')
        z.writestr("customXml/item1.xml", "<x>secret-custom</x>")
    files["statement.docx"] = "docx"

    def id3frame(fid, payload):
        return fid + struct.pack(">I", len(payload)) + b"\0\0" + payload
    frames = id3frame(b"TIT2", b"\0secret-title") + id3frame(b"TXXX", b"\0GPS\0+37.5665+126.9780")
    size = len(frames)
    tag = b"ID3\x03\x00\x00" + bytes([(size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127]) + frames
    ape = struct.pack("<II", 13, 0) + b"Artist\0secret-artist"
    ape += b"APETAGEX" + struct.pack("<IIII", 2000, len(ape) + 32, 1, 0) + bytes(8)
    open(f"{folder}/call.mp3", "wb").write(tag + (bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)) * 200 + ape
                                           + b"TAG" + b"secret-v1".ljust(125, b"\0"))
    files["call.mp3"] = "mp3"
    open(f"{folder}/voice.amr", "wb").write(b"#!AMR\n" + (b"\x3c" + bytes(range(31))) * 500)
    files["voice.amr"] = "amr"
    return files


def own(path, kind):
    data = open(path, "rb").read()
    request = b"JEBOCLN1" + bytes([KINDS[kind]])
    for at in range(0, len(data), 1 << 20):
        piece = data[at:at + (1 << 20)]
        request += struct.pack(">I", len(piece)) + piece
    request += struct.pack(">I", 0)
    env = {"DOTNET_GCHeapHardLimit": "10000000", "DOTNET_EnableWriteXorExecute": "0", "DOTNET_EnableDiagnostics": "0",
           "PATH": "/usr/bin:/bin"}
    start = time.monotonic()
    run = subprocess.run(["prlimit", f"--as={4 << 30}", "--fsize=0", "--nofile=64", "--core=0", "--",
                          shutil.which("dotnet"), JEBO, "clean-worker"], input=request, capture_output=True, env=env, timeout=120)
    took = time.monotonic() - start
    answer = run.stdout
    if run.returncode != 0 or not answer.startswith(b"JEBOCLN1"):
        return f"failed ({run.returncode}: {run.stderr.decode(errors='replace').strip()[:80]})", took, b""
    at, out = 8, b""
    while True:
        n = struct.unpack(">I", answer[at:at + 4])[0]
        at += 4
        if n == 0:
            break
        out += answer[at:at + n]
        at += n
    return ("cleaned" if answer[at] == 1 else "refused"), took, out


def mat2(path, folder):
    name = os.path.basename(path)
    extension = name[name.index("."):]
    command = ["prlimit", "--as=2147483648", f"--fsize={100 << 20}", "--nofile=64", "--core=0", "--",
               "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
               "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/work",
               "--ro-bind-try", "/etc/fonts", "/etc/fonts", "--ro-bind-try", "/etc/mime.types", "/etc/mime.types",
               "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
               "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/work", "--chdir", "/work", "--",
               "/bin/sh", "-c", 'cat > "in$1" && mat2 --no-sandbox --unknown-members omit "in$1" >/dev/null 2>&1 && cat "in.cleaned$1"',
               "sh", extension]
    start = time.monotonic()
    try:
        run = subprocess.run(command, stdin=open(path, "rb"), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "timed out", time.monotonic() - start, b""
    took = time.monotonic() - start
    return ("cleaned" if run.returncode == 0 else "refused"), took, run.stdout


def left_behind(data, folder, name):
    found = [m.decode() for m in MARKERS if m in data]
    if data:
        open(f"{folder}/out", "wb").write(data)
    if data and name.endswith(".docx"):
        with zipfile.ZipFile(f"{folder}/out") as z:
            text = b"".join(z.read(n) for n in z.namelist())
        found += [m.decode() for m in MARKERS if m in text]
    if data:
        tags = json.loads(subprocess.run(["exiftool", "-j", "-G0", f"{folder}/out"], capture_output=True).stdout or b"[{}]")[0]
        found += sorted({k.split(":")[-1] for k in tags if k.split(":")[-1] in TAGS})
    return ", ".join(sorted(set(found))) or "nothing found"


def main():
    folder = tempfile.mkdtemp(prefix="jebo-compare-", dir="/dev/shm")
    try:
        files = corpus(folder)
        print("| file | size | cleaner | outcome | time | metadata left (planted markers, exiftool tags) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, kind in files.items():
            path = f"{folder}/{name}"
            size = os.path.getsize(path)
            for cleaner in ("own", "mat2"):
                if cleaner == "own" and kind in ("pdf", "docx"):
                    continue
                outcome, took, data = own(path, kind) if cleaner == "own" else mat2(path, folder)
                left = left_behind(data, folder, name) if outcome == "cleaned" else "-"
                print(f"| {name} | {size:,} B | {cleaner} | {outcome} | {took:.2f} s | {left} |")
    finally:
        shutil.rmtree(folder)


main()
