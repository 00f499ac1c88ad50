// SPDX-License-Identifier: MIT
// Public entry points: map the file, pick the format by extension, dispatch.
#include "contactkpi/io/loader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "detail/text.hpp"
#include "io/driver.hpp"

namespace contactkpi::io {

namespace {

/// A read-only memory map of a whole file (empty files map to an empty view).
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // NOLINT(*-vararg)
    if (fd < 0) fail(path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int e = errno;
      ::close(fd);
      fail(path, e);
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      fail(path, EISDIR);
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {  // NOLINT(*-cstyle-cast, *-int-to-ptr)
        const int e = errno;
        ::close(fd);
        fail(path, e);
      }
      // Sequential fault-ahead for the pages the cache does not hold, and all of the file's
      // missing pages read ahead at once, without waiting: a machine that reclaims cold page
      // cache (DAMON on this VM) may have evicted part of a file read seconds before, and
      // the loader's threads would otherwise fault those pages in one small read at a time.
      // Measured on the 1M report (bench/data/c1M, 20 runs each, files read just before):
      // system time 0.083 -> 0.064 s mean. Advice only: errors are ignored.
      (void)::madvise(p, size_, MADV_SEQUENTIAL);
      (void)::madvise(p, size_, MADV_WILLNEED);
      data_ = static_cast<const char*>(p);
    }
    ::close(fd);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);  // NOLINT(*-const-cast)
  }

  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }

  /// The hook through which the CSV reader hands back pages it is done with.
  [[nodiscard]] detail::PageRelease releaser() const noexcept {
    return {[](const void* self, const char* begin, const char* end) noexcept {
              static_cast<const MappedFile*>(self)->release(begin, end);
            },
            this};
  }

 private:
  [[noreturn]] static void fail(const std::filesystem::path& path, int error) {
    detail::throw_file_error(path.string(), 0, {}, {}, "io_error",
                             std::string{"cannot read the file: "} + std::strerror(error));
  }

  // MADV_DONTNEED on a read-only private file map: the pages leave this process (and its
  // RSS) and are read back from the page cache if touched again, so the data never changes.
  void release(const char* begin, const char* end) const noexcept {
    if (data_ == nullptr || end <= data_ || begin >= data_ + size_) return;
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t first =
        static_cast<std::size_t>(std::max(begin, data_) - data_) / page * page;
    const std::size_t last = std::min(static_cast<std::size_t>(end - data_), size_);
    if (last <= first) return;
    ::madvise(const_cast<char*>(data_) + first, last - first,  // NOLINT(*-const-cast)
              MADV_DONTNEED);
  }

  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

bool is_json_name(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  return detail::iequals(ext, ".json") || detail::iequals(ext, ".jsonl") ||
         detail::iequals(ext, ".ndjson");
}

template <class Record>
LoadStats dispatch(std::string_view name, std::string_view bytes, bool json,
                   const BatchSink<Record>& sink, const LoadOptions& options,
                   detail::PageRelease release = {}) {
  return json ? detail::load_json<Record>(name, bytes, sink, options)
              : detail::load_csv<Record>(name, bytes, sink, options, release);
}

template <class Record>
LoadStats from_file(const std::filesystem::path& file, const BatchSink<Record>& sink,
                    const LoadOptions& options) {
  const MappedFile mapped{file};
  return dispatch<Record>(file.string(), mapped.view(), is_json_name(file), sink, options,
                          mapped.releaser());
}

template <class Record>
BatchSink<Record> serial(const Sink<Record>& sink) {
  return [&sink](unsigned /*worker*/, std::span<const Record> records) {
    for (const Record& r : records) sink(r);
  };
}

template <class Record>
BatchSink<Record> batches(const ParallelSink<Record>& sink) {
  return [&sink](unsigned worker, std::span<const Record> records) {
    for (const Record& r : records) sink(worker, r);
  };
}

template <class Record>
LoadStats serial_from_file(const std::filesystem::path& file, const Sink<Record>& sink,
                           const LoadOptions& options) {
  LoadOptions one = options;
  one.threads = 1;  // a plain Sink is never called from several threads
  return from_file<Record>(file, serial(sink), one);
}

template <class Record>
Loaded<Record> load_all(const std::filesystem::path& file, const LoadOptions& options) {
  Loaded<Record> out;
  out.stats = serial_from_file<Record>(
      file, [&](const Record& r) { out.records.push_back(r); }, options);
  return out;
}

}  // namespace

LoadStats for_each_contact(const std::filesystem::path& file, const Sink<Contact>& sink,
                           const LoadOptions& options) {
  return serial_from_file<Contact>(file, sink, options);
}

LoadStats for_each_contact(const std::filesystem::path& file, const ParallelSink<Contact>& sink,
                           const LoadOptions& options) {
  return from_file<Contact>(file, batches(sink), options);
}

LoadStats for_each_contact(const std::filesystem::path& file, const BatchSink<Contact>& sink,
                           const LoadOptions& options) {
  return from_file<Contact>(file, sink, options);
}

LoadStats for_each_contact_view(const std::filesystem::path& file,
                                const BatchSink<ContactView>& sink, const LoadOptions& options) {
  return from_file<ContactView>(file, sink, options);
}

LoadStats for_each_interaction(const std::filesystem::path& file, const Sink<Interaction>& sink,
                               const LoadOptions& options) {
  return serial_from_file<Interaction>(file, sink, options);
}

LoadStats for_each_interaction(const std::filesystem::path& file,
                               const ParallelSink<Interaction>& sink, const LoadOptions& options) {
  return from_file<Interaction>(file, batches(sink), options);
}

LoadStats for_each_interaction(const std::filesystem::path& file,
                               const BatchSink<Interaction>& sink, const LoadOptions& options) {
  return from_file<Interaction>(file, sink, options);
}

LoadStats for_each_interaction_view(const std::filesystem::path& file,
                                    const BatchSink<InteractionView>& sink,
                                    const LoadOptions& options) {
  return from_file<InteractionView>(file, sink, options);
}

LoadStats for_each_survey(const std::filesystem::path& file, const Sink<Survey>& sink,
                          const LoadOptions& options) {
  return serial_from_file<Survey>(file, sink, options);
}

LoadStats for_each_survey(const std::filesystem::path& file, const ParallelSink<Survey>& sink,
                          const LoadOptions& options) {
  return from_file<Survey>(file, batches(sink), options);
}

LoadStats for_each_survey(const std::filesystem::path& file, const BatchSink<Survey>& sink,
                          const LoadOptions& options) {
  return from_file<Survey>(file, sink, options);
}

LoadStats for_each_survey_view(const std::filesystem::path& file, const BatchSink<SurveyView>& sink,
                               const LoadOptions& options) {
  return from_file<SurveyView>(file, sink, options);
}

LoadStats for_each_segment(const std::filesystem::path& file, const Sink<Segment>& sink,
                           const LoadOptions& options) {
  return serial_from_file<Segment>(file, sink, options);
}

LoadStats for_each_contact(std::string_view name, std::string_view bytes, bool json,
                           const Sink<Contact>& sink, const LoadOptions& options) {
  LoadOptions one = options;
  one.threads = 1;
  return dispatch<Contact>(name, bytes, json, serial(sink), one);
}

LoadStats for_each_contact(std::string_view name, std::string_view bytes, bool json,
                           const ParallelSink<Contact>& sink, const LoadOptions& options) {
  return dispatch<Contact>(name, bytes, json, batches(sink), options);
}

LoadStats for_each_interaction(std::string_view name, std::string_view bytes, bool json,
                               const Sink<Interaction>& sink, const LoadOptions& options) {
  LoadOptions one = options;
  one.threads = 1;
  return dispatch<Interaction>(name, bytes, json, serial(sink), one);
}

LoadStats for_each_survey(std::string_view name, std::string_view bytes, bool json,
                          const Sink<Survey>& sink, const LoadOptions& options) {
  LoadOptions one = options;
  one.threads = 1;
  return dispatch<Survey>(name, bytes, json, serial(sink), one);
}

LoadStats for_each_segment(std::string_view name, std::string_view bytes, bool json,
                           const Sink<Segment>& sink, const LoadOptions& options) {
  LoadOptions one = options;
  one.threads = 1;
  return dispatch<Segment>(name, bytes, json, serial(sink), one);
}

Loaded<Contact> load_contacts(const std::filesystem::path& file, const LoadOptions& options) {
  return load_all<Contact>(file, options);
}
Loaded<Interaction> load_interactions(const std::filesystem::path& file,
                                      const LoadOptions& options) {
  return load_all<Interaction>(file, options);
}
Loaded<Survey> load_surveys(const std::filesystem::path& file, const LoadOptions& options) {
  return load_all<Survey>(file, options);
}
Loaded<Segment> load_segments(const std::filesystem::path& file, const LoadOptions& options) {
  return load_all<Segment>(file, options);
}

}  // namespace contactkpi::io
