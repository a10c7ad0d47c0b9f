#pragma once
// rptdose::core — Volume<T>: a Grid plus one value per voxel, contiguous, x fastest (then y, then z), the
// layout of ITK images and of C-contiguous numpy arrays indexed [z, y, x].
//
// A Volume either owns its storage or views memory owned by someone else (a numpy array, an ITK buffer): the
// viewed memory must outlive the view. Copying an owning Volume copies the voxels; copying a view gives another
// view of the same memory (like std::span). `clone()` always returns an owning deep copy.
//
// Module core owns geometry, volumes, units, errors, threads, progress and data paths; it depends on Eigen only (no
// other rptdose module, no ITK or DCMTK).
#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "rptdose/core/error.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/core/memory.hpp"

namespace rptdose {

template <typename T>
class Volume {
  static_assert(std::is_arithmetic_v<T>, "Volume holds arithmetic voxel values");

 public:
  using value_type = T;

  Volume() = default;
  /// Owning volume on `grid`, every voxel set to `value`.
  explicit Volume(const Grid& grid, T value = T{}) : grid_(grid) {
    storage_.reserve(grid.voxel_count());  // allocate, advise huge pages, then touch (core/memory.hpp)
    advise_huge_pages(storage_.data(), grid.voxel_count() * sizeof(T));
    storage_.assign(grid.voxel_count(), value);
    data_ = storage_.data();
  }
  /// Owning volume taking `values` (size must equal the voxel count).
  Volume(const Grid& grid, std::vector<T> values) : grid_(grid), storage_(std::move(values)) {
    if (storage_.size() != grid_.voxel_count()) {
      throw InvalidInput("volume has " + std::to_string(storage_.size()) + " values but its grid (" + grid_.describe() +
                         ") has " + std::to_string(grid_.voxel_count()) + " voxels");
    }
    data_ = storage_.data();
  }
  /// A view of `grid.voxel_count()` values at `external` (x fastest). The memory is not copied or freed.
  static Volume view(const Grid& grid, T* external) {
    if (external == nullptr && grid.voxel_count() > 0) throw InvalidInput("volume view of a null pointer");
    Volume v;
    v.grid_ = grid;
    v.data_ = external;
    return v;
  }

  Volume(const Volume& other) : grid_(other.grid_), storage_(other.storage_) {
    data_ = other.owns_data() ? storage_.data() : other.data_;
  }
  Volume& operator=(const Volume& other) {
    if (this != &other) {
      grid_ = other.grid_;
      storage_ = other.storage_;
      data_ = other.owns_data() ? storage_.data() : other.data_;
    }
    return *this;
  }
  // std::vector's move keeps its buffer, so data_ stays valid.
  Volume(Volume&& other) noexcept
      : grid_(std::move(other.grid_)), storage_(std::move(other.storage_)), data_(other.data_) {
    other.data_ = nullptr;
    other.grid_ = Grid();
  }
  Volume& operator=(Volume&& other) noexcept {
    if (this != &other) {
      grid_ = std::move(other.grid_);
      storage_ = std::move(other.storage_);
      data_ = other.data_;
      other.data_ = nullptr;
      other.grid_ = Grid();
    }
    return *this;
  }
  ~Volume() = default;

  /// An owning deep copy.
  Volume clone() const { return Volume(grid_, std::vector<T>(begin(), end())); }

  const Grid& grid() const { return grid_; }
  std::size_t size() const { return grid_.voxel_count(); }
  bool owns_data() const { return data_ != nullptr && data_ == storage_.data(); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::span<T> values() { return {data_, size()}; }
  std::span<const T> values() const { return {data_, size()}; }
  T* begin() { return data_; }
  T* end() { return data_ + size(); }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size(); }

  T& operator[](std::size_t linear) { return data_[linear]; }
  const T& operator[](std::size_t linear) const { return data_[linear]; }
  T& operator()(std::size_t i, std::size_t j, std::size_t k) { return data_[grid_.linear_index(i, j, k)]; }
  const T& operator()(std::size_t i, std::size_t j, std::size_t k) const { return data_[grid_.linear_index(i, j, k)]; }
  /// Bounds-checked access; throws InvalidInput naming the index and the grid size.
  T& at(const Index3& index) { return data_[checked_offset(index)]; }
  const T& at(const Index3& index) const { return data_[checked_offset(index)]; }

  void fill(T value) { std::fill(begin(), end(), value); }

  /// Sum of all voxels, accumulated in double.
  double sum() const {
    double total = 0.0;
    for (const T& v : values()) total += static_cast<double>(v);
    return total;
  }

  Volume& operator+=(const Volume& other) {
    return combine(other, "+=", [](T& a, T b) { a += b; });
  }
  Volume& operator-=(const Volume& other) {
    return combine(other, "-=", [](T& a, T b) { a -= b; });
  }
  /// Voxel-wise product.
  Volume& operator*=(const Volume& other) {
    return combine(other, "*=", [](T& a, T b) { a *= b; });
  }
  Volume& operator*=(T factor) {
    for (T& v : values()) v *= factor;
    return *this;
  }
  /// this += factor · other (voxel-wise), the accumulation used to sum dose components and chain members.
  Volume& add_scaled(const Volume& other, T factor) {
    return combine(other, "add_scaled", [factor](T& a, T b) { a += factor * b; });
  }

 private:
  std::size_t checked_offset(const Index3& index) const {
    if (!grid_.contains(index)) {
      throw InvalidInput("voxel index (" + std::to_string(index[0]) + ", " + std::to_string(index[1]) + ", " +
                         std::to_string(index[2]) + ") is outside the grid (" + grid_.describe() + ")");
    }
    return grid_.linear_index(static_cast<std::size_t>(index[0]), static_cast<std::size_t>(index[1]),
                              static_cast<std::size_t>(index[2]));
  }
  template <typename Op>
  Volume& combine(const Volume& other, const char* operation, Op op) {
    require_same_geometry(grid_, other.grid_, std::string("left operand of ") + operation, "right operand");
    const T* source = other.data_;
    for (std::size_t n = 0, count = size(); n < count; ++n) op(data_[n], source[n]);
    return *this;
  }

  Grid grid_;
  std::vector<T> storage_;
  T* data_ = nullptr;
};

}  // namespace rptdose
