package dev.wecomsync.client.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wecomsync.model.Department;
import dev.wecomsync.model.DepartmentRef;
import java.util.List;
import java.util.Objects;

/** Maps WeCom's department JSON to {@link Department} and {@link DepartmentRef}. */
public final class DepartmentJson {

    private DepartmentJson() {
    }

    /** The array of {@code department/list}. */
    public static List<Department> departments(String api, JsonNode array) {
        return Json.mapArray(api, array, DepartmentDto.class, DepartmentDto::toDepartment);
    }

    /** The object of {@code department/get}. */
    public static Department department(String api, JsonNode object) {
        return Json.map(api, object, DepartmentDto.class, DepartmentDto::toDepartment);
    }

    /** The array of {@code department/simplelist}. */
    public static List<DepartmentRef> refs(String api, JsonNode array) {
        return Json.mapArray(api, array, RefDto.class, RefDto::toRef);
    }

    record DepartmentDto(
            Long id,
            String name,
            @JsonProperty("name_en") String nameEn,
            @JsonProperty("department_leader") List<String> leaders,
            @JsonProperty("parentid") Long parentId,
            Long order) {

        Department toDepartment() {
            Objects.requireNonNull(id, "department without id");
            return new Department(id, Json.emptyToNull(name), Json.emptyToNull(nameEn),
                    orZero(parentId), orZero(order), leaders == null ? List.of() : leaders);
        }
    }

    record RefDto(Long id, @JsonProperty("parentid") Long parentId, Long order) {

        DepartmentRef toRef() {
            Objects.requireNonNull(id, "department without id");
            return new DepartmentRef(id, orZero(parentId), orZero(order));
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
